//! Reading a Dockerfile into steps, with the validator's parser
//! ([`crate::validate::dockerfile`]): the builder stage's image and `go build`
//! flags, and the final stage's runtime, user, port and Gin mode.

use super::Plan;
use crate::fields::parse_digest;
use crate::fields::{parse_go_version, parse_image, parse_in_range, parse_port};
use crate::generate::dockerfile::runtime_image;
use crate::model::Runtime;
use crate::validate::dockerfile::image::ImageRef;
use crate::validate::dockerfile::parser::parse;
use crate::validate::dockerfile::rules::Context;
use crate::validate::dockerfile::shell::SimpleCommand;
use crate::validate::dockerfile::stages::{Build, Stage};
use crate::validate::dockerfile::syntax::{Args, Keyword};
use crate::validate::dockerfile::Options;

/// The stage a stage is ultimately built on (following `FROM <stage>`).
fn root<'b>(build: &'b Build, stage: &'b Stage) -> &'b Stage {
    let mut current = stage;
    for _ in 0..=build.stages.len() {
        match current.parent {
            Some(parent) => current = &build.stages[parent],
            None => break,
        }
    }
    current
}

/// Reads a Dockerfile and plans a step for every value that maps onto the design.
pub(super) fn read(file_name: &str, text: &str, plan: &mut Plan) {
    let (dockerfile, _) = parse(file_name, text);
    let options = Options::default();
    let ctx = Context::new(file_name, Build::new(&dockerfile), &options);
    let build = &ctx.build;
    let Some(last) = build.final_stage() else {
        plan.skip("the Dockerfile has no FROM: there is nothing to import");
        return;
    };
    let line = |stage: &Stage| build.instruction(stage.from).line;
    // The builder is the stage the final one copies from, else the first Go stage.
    let copied_from = build.body(last).find_map(|(index, instruction)| {
        let from = instruction.flag("from")?;
        let name = build.scope(last, index).expand(from).value;
        build.stage_named(&name).filter(|s| *s < last.index)
    });
    let builder = copied_from.or_else(|| {
        build.stages[..last.index]
            .iter()
            .find(|s| ImageRef::parse(&root(build, s).image.value).short_name() == "golang")
            .map(|s| s.index)
    });
    for stage in &build.stages {
        if stage.index != last.index && Some(stage.index) != builder {
            plan.skip(format!(
                "stage {} (FROM {}, line {}) is not imported: a design builds in one stage and runs in another",
                stage.name.as_deref().unwrap_or("?"),
                stage.image_raw,
                line(stage)
            ));
        }
    }
    match builder.map(|b| &build.stages[b]) {
        Some(stage) => read_builder(&ctx, stage, plan),
        None => {
            plan.skip("no build stage (FROM golang:…) to import the builder image and ldflags from")
        }
    }
    read_final(&ctx, last, plan);
}

fn read_builder(ctx: &Context, stage: &Stage, plan: &mut Plan) {
    let build = &ctx.build;
    let from = root(build, stage);
    let at = format!("FROM, line {}", build.instruction(from.from).line);
    if from.image.unknown {
        plan.skip(format!(
            "builder image {} depends on an ARG without a default: it is not imported ({at})",
            from.image_raw
        ));
    } else {
        let image = from.image.value.clone();
        plan.parsed("builder image", at.clone(), parse_image(&image), |d, v| {
            d.container.builder_image = v
        });
        let reference = ImageRef::parse(&image);
        if reference.short_name() == "golang" {
            match reference.tag.as_deref().and_then(go_release) {
                Some(release) => plan.parsed(
                    "Go version",
                    at,
                    parse_go_version(&release),
                    |d, v| d.service.go_version = v,
                ),
                None => plan.skip(format!(
                    "the Go version is not imported: the tag of {image} names no Go release such as 1.25 ({at})"
                )),
            }
        }
    }
    let mut found_build = false;
    for (index, instruction) in build.body(stage) {
        if instruction.keyword != Keyword::Run {
            continue;
        }
        let commands = ctx
            .script(index)
            .map(|s| s.commands.as_slice())
            .unwrap_or(&[]);
        let go_builds: Vec<&SimpleCommand> = commands.iter().filter(|c| is_go_build(c)).collect();
        if let Some(command) = go_builds.first() {
            if !found_build {
                found_build = true;
                let ldflags = extra_ldflags(command);
                let source = format!("RUN, line {}", instruction.line);
                if ldflags.chars().any(char::is_control) {
                    plan.skip(format!(
                        "ldflags {ldflags:?} contain a line break or control character ({source})"
                    ));
                } else {
                    plan.set(format!("ldflags {ldflags:?}"), source, move |d| {
                        d.container.ldflags = ldflags.clone()
                    });
                }
            }
        } else if !commands.iter().any(|c| c.name == "go") {
            plan.skip(format!(
                "RUN at line {} is not imported: the design's build stage only downloads modules and builds",
                instruction.line
            ));
        }
    }
    if !found_build {
        plan.skip("no go build in the build stage: ldflags are not imported");
    }
}

/// `go build` (or `go install`), also behind `env NAME=value`.
fn is_go_build(command: &SimpleCommand) -> bool {
    let words: Vec<&str> = if command.name == "go" {
        command.args.iter().map(String::as_str).collect()
    } else if command.basename() == "env" {
        command
            .args
            .iter()
            .map(String::as_str)
            .skip_while(|w| *w != "go")
            .skip(1)
            .collect()
    } else {
        return false;
    };
    matches!(words.first(), Some(&"build" | &"install"))
}

/// The `-ldflags` of a go command after the `-s -w` every design build has.
fn extra_ldflags(command: &SimpleCommand) -> String {
    let mut args = command.args.iter();
    let mut value = None;
    while let Some(arg) = args.next() {
        let flag = arg.trim_start_matches('-');
        if !arg.starts_with('-') {
            continue;
        }
        if let Some(v) = flag.strip_prefix("ldflags=") {
            value = Some(v.to_owned());
        } else if flag == "ldflags" {
            value = args.next().cloned();
        }
    }
    let mut rest = value.unwrap_or_default();
    loop {
        let trimmed = rest.trim_start();
        let stripped = ["-s", "-w"].iter().find_map(|f| {
            trimmed
                .strip_prefix(f)
                .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace))
        });
        match stripped {
            Some(r) => rest = r.to_owned(),
            None => return trimmed.trim_end().to_owned(),
        }
    }
}

/// The Go release (`1.25`) a golang image tag starts with (`1.25.4-alpine3.22`).
fn go_release(tag: &str) -> Option<String> {
    let mut parts = tag.split(|c: char| !c.is_ascii_digit());
    let major = parts.next().filter(|p| !p.is_empty())?;
    let minor = parts.next().filter(|p| !p.is_empty())?;
    tag[major.len()..]
        .starts_with('.')
        .then(|| format!("{major}.{minor}"))
}

fn read_final(ctx: &Context, last: &Stage, plan: &mut Plan) {
    let build = &ctx.build;
    let from = root(build, last);
    let at = format!("FROM, line {}", build.instruction(from.from).line);
    let image = ImageRef::parse(&from.image.value);
    let name = image.name.to_ascii_lowercase();
    let runtime = if image.is_scratch() {
        Some(Runtime::Scratch)
    } else if name.starts_with("gcr.io/distroless/static") {
        Some(Runtime::Distroless)
    } else if name == "alpine" || name == "docker.io/library/alpine" {
        Some(Runtime::Alpine)
    } else {
        None
    };
    match runtime {
        Some(runtime) => {
            let written = runtime_image(runtime);
            let tagged = from
                .image
                .value
                .split_once('@')
                .map_or(from.image.value.as_str(), |(tagged, _)| tagged);
            if tagged != written {
                plan.skip(format!(
                    "runtime image {} is read as {}, which the design writes as {written} ({at})",
                    from.image.value,
                    runtime.as_str()
                ));
            }
            plan.set(format!("runtime {}", runtime.as_str()), at.clone(), move |d| {
                d.container.runtime = runtime
            });
            // A digest names the bytes of the tag it was taken from: it comes along
            // only where the design writes that same tag.
            if runtime != Runtime::Scratch && tagged == written {
                match parse_digest(image.digest.as_deref().unwrap_or_default()) {
                    Ok(digest) => {
                        let what = if digest.is_empty() {
                            "runtime not pinned by digest".to_owned()
                        } else {
                            format!("runtime digest {digest}")
                        };
                        plan.set(what, at, move |d| {
                            d.container.runtime_digest = digest.clone()
                        });
                    }
                    Err(error) => plan.skip(format!("{error} ({at})")),
                }
            } else if image.digest.is_some() {
                plan.skip(format!(
                    "the digest of {} is not imported: it pins {tagged}, not {written} ({at})",
                    from.image.value
                ));
            }
        }
        None => plan.skip(format!(
            "runtime image {} is not imported: a design runs on scratch, distroless static or alpine ({at})",
            from.image.value
        )),
    }
    let mut exposed = false;
    for (index, instruction) in build.body(last) {
        let scope = build.scope(last, index);
        let source = format!(
            "{}, line {}",
            instruction.keyword.as_str(),
            instruction.line
        );
        match (&instruction.keyword, &instruction.args) {
            (Keyword::User, Args::Text(user)) => {
                let user = scope.expand(user).value;
                let (uid, group) = user.split_once(':').unwrap_or((&user, ""));
                if !group.is_empty() && group != uid {
                    plan.skip(format!(
                        "group {group} of USER {user} is not imported: a design runs as the group of its user id ({source})"
                    ));
                }
                plan.parsed(
                    "user id",
                    source,
                    parse_in_range("user id", uid, 0_u32, 2_147_483_647),
                    |d, v| d.container.user_id = v,
                );
            }
            (Keyword::Expose, Args::Words(words)) => {
                for word in words {
                    let port = scope.expand(word).value;
                    let number = port.split('/').next().unwrap_or(&port).to_owned();
                    if exposed {
                        plan.skip(format!(
                            "EXPOSE {port} is not imported: the service listens on one port ({source})"
                        ));
                        continue;
                    }
                    exposed = true;
                    plan.parsed("port", source.clone(), parse_port(&number), |d, v| {
                        d.service.port = v
                    });
                }
            }
            (Keyword::Env, Args::Pairs(pairs)) => {
                for pair in pairs {
                    let value = scope.expand(pair.value.as_deref().unwrap_or("")).value;
                    match pair.key.as_str() {
                        "GIN_MODE" => match super::kube::gin_mode(&value) {
                            Some(mode) => plan.set(
                                format!("GIN_MODE {value}"),
                                source.clone(),
                                move |d| d.service.gin_mode = mode,
                            ),
                            None => plan.skip(format!(
                                "GIN_MODE {value:?} is not a Gin mode: use debug, release or test ({source})"
                            )),
                        },
                        // The port is read from EXPOSE; PORT follows it in generated files.
                        "PORT" => {}
                        key => plan.skip(format!(
                            "ENV {key} is not imported: add it as a config variable, which the cluster passes to the pods ({source})"
                        )),
                    }
                }
            }
            (Keyword::Run | Keyword::Add | Keyword::Volume | Keyword::Label, _) => {
                plan.skip(format!(
                    "{} at line {} is not imported: the design's runtime stage only copies the binary in",
                    instruction.keyword.as_str(),
                    instruction.line
                ))
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_releases_come_from_the_tag_start() {
        assert_eq!(go_release("1.25.4-alpine3.22").as_deref(), Some("1.25"));
        assert_eq!(go_release("1.24").as_deref(), Some("1.24"));
        assert_eq!(go_release("alpine"), None);
        assert_eq!(go_release("1-bookworm"), None);
        assert_eq!(go_release("1"), None);
    }
}
