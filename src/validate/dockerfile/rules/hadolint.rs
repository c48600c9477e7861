//! How the catalog maps onto hadolint 2.15.1: every hadolint rule id is either
//! mirrored (a rule of [`super::RULES`] with the same id, re-derived from what
//! the pinned binary reports) or listed in [`NOT_MIRRORED`] with the reason.
//! `docs/rules/dockerfile.md` shows both, generated from this data by
//! `tests/dockerfile_rules.rs`.

/// Every rule id hadolint 2.15.1 has, as its binary lists them
/// (`strings .venv/bin/hadolint | grep -oE '^DL[0-9]{4}$|DL[0-9]{4}' | sort -u`,
/// checked against its output). ShellCheck's `SC` ids come on top.
pub const HADOLINT_IDS: [&str; 73] = [
    "DL1000", "DL1001", "DL3000", "DL3001", "DL3002", "DL3003", "DL3004", "DL3006", "DL3007",
    "DL3008", "DL3009", "DL3010", "DL3011", "DL3012", "DL3013", "DL3014", "DL3015", "DL3016",
    "DL3018", "DL3019", "DL3020", "DL3021", "DL3022", "DL3023", "DL3024", "DL3025", "DL3026",
    "DL3027", "DL3028", "DL3029", "DL3030", "DL3032", "DL3033", "DL3034", "DL3035", "DL3036",
    "DL3037", "DL3038", "DL3040", "DL3041", "DL3042", "DL3043", "DL3044", "DL3045", "DL3046",
    "DL3047", "DL3048", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055",
    "DL3056", "DL3057", "DL3058", "DL3059", "DL3060", "DL3061", "DL3062", "DL3063", "DL3064",
    "DL3065", "DL3066", "DL3067", "DL4000", "DL4001", "DL4003", "DL4004", "DL4005", "DL4006", "SC",
];

/// hadolint rules with no rule of the same id here, and why.
pub struct NotMirrored {
    /// hadolint's ids (`SC` stands for every ShellCheck check).
    pub ids: &'static [&'static str],
    /// Our rule that covers the same ground, if one does.
    pub ours: Option<&'static str>,
    pub why: &'static str,
}

pub const NOT_MIRRORED: &[NotMirrored] = &[
    NotMirrored {
        ids: &["DL1000"],
        ours: Some("GD1000"),
        why: "hadolint's parse error: ours follows BuildKit's parser instead (hadolint 2.15.1 rejects a heredoc followed directly by another instruction, which Docker and we accept), and names what is wrong",
    },
    NotMirrored {
        ids: &["DL3043"],
        ours: Some("GD1000"),
        why: "ONBUILD triggering ONBUILD, FROM or MAINTAINER is a file Docker rejects, so it is a syntax error here",
    },
    NotMirrored {
        ids: &["DL3063"],
        ours: Some("GD1104"),
        why: "off by default in hadolint (severity ignore); GD1104 reports the final stage without a non-root USER, the stage that runs",
    },
    NotMirrored {
        ids: &["DL1001"],
        ours: None,
        why: "off by default in hadolint: it forbids the `# hadolint ignore=` pragmas this validator honours",
    },
    NotMirrored {
        ids: &["DL3057"],
        ours: None,
        why: "off by default in hadolint; in a cluster the Kubernetes probes of the generated manifests are the health check",
    },
    NotMirrored {
        ids: &["DL3026"],
        ours: None,
        why: "needs a list of trusted registries (hadolint's `--trusted-registry`), a setting this validator does not have",
    },
    NotMirrored {
        ids: &[
            "DL3048", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055",
            "DL3056", "DL3058",
        ],
        ours: None,
        why: "label schema checks, active only with hadolint's `--require-label` configuration",
    },
    NotMirrored {
        ids: &[
            "DL3013", "DL3016", "DL3028", "DL3030", "DL3032", "DL3033", "DL3034", "DL3035",
            "DL3036", "DL3037", "DL3038", "DL3040", "DL3041", "DL3042", "DL3060",
        ],
        ours: None,
        why: "package managers a Go service image does not use (pip, npm, gem, yum, zypper, dnf, yarn); the Alpine and Debian ones are mirrored",
    },
    NotMirrored {
        ids: &["DL3009"],
        ours: None,
        why: "apt lists left in a layer only cost size, and in the usual Go build they are in the builder stage, which is not shipped; not mirrored yet for Debian runtime stages",
    },
    NotMirrored {
        ids: &["DL3001", "DL3046", "DL3047"],
        ours: None,
        why: "interactive tools in RUN, a `useradd` quirk and wget's progress output in build logs: neither a broken build nor a weaker image, which is what these rules are about",
    },
    NotMirrored {
        ids: &["DL3010"],
        ours: None,
        why: "advises ADD's implicit unpacking for archives, the hidden behaviour DL3020's reasoning argues against",
    },
    NotMirrored {
        ids: &["SC"],
        ours: None,
        why: "ShellCheck's checks of RUN scripts: the shell reader here finds commands and pipes for the rules above and is no shell linter",
    },
];
