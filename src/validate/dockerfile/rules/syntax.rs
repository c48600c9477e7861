//! Findings of the parser itself: text Docker rejects or reads differently than
//! it looks. The parser reports these; the rules here are their documentation.

use crate::validate::{Rule, Severity};

pub const SYNTAX_ERROR: Rule = Rule {
    id: "GD1000",
    title: "Dockerfile syntax error",
    severity: Severity::Error,
    why: "Docker refuses to build a file with an unknown instruction, a missing argument, an unknown flag, a broken directive or an unclosed heredoc; the build stops at the first one.",
    bad_example: "FROM golang:1.25-alpine\nCOPY --form=build /out/server /server",
    good_example: "FROM golang:1.25-alpine AS build\nFROM alpine:3.22\nCOPY --from=build /out/server /server",
};

pub const EMPTY_CONTINUATION_LINE: Rule = Rule {
    id: "GD1001",
    title: "empty line inside a continued instruction",
    severity: Severity::Warning,
    why: "BuildKit skips a blank line inside a backslash-continued instruction with a warning and has announced it will become an error; it also hides where the instruction really ends.",
    bad_example: "FROM alpine:3.22\nRUN apk add --no-cache \\\n\n    git=2.49.1-r0",
    good_example: "FROM alpine:3.22\nRUN apk add --no-cache \\\n    git=2.49.1-r0",
};

pub const LEGACY_KEY_VALUE: Rule = Rule {
    id: "GD1002",
    title: "ENV or LABEL in the legacy `key value` form",
    severity: Severity::Warning,
    why: "`ENV key value` sets one variable to the whole rest of the line, spaces included, which is rarely what was meant; BuildKit warns about it. `key=value` is explicit and allows several pairs.",
    bad_example: "FROM alpine:3.22\nENV GIN_MODE release",
    good_example: "FROM alpine:3.22\nENV GIN_MODE=release",
};

pub const IGNORED_DIRECTIVE: Rule = Rule {
    id: "GD1003",
    title: "parser directive that is not at the top",
    severity: Severity::Warning,
    why: "`# escape=` and `# syntax=` count only on the first lines, before any comment, blank line or instruction; anywhere else Docker reads them as plain comments, so the escape character or frontend silently stays the default.",
    bad_example: "# Build the service\n# syntax=docker/dockerfile:1\nFROM alpine:3.22",
    good_example: "# syntax=docker/dockerfile:1\n# Build the service\nFROM alpine:3.22",
};
