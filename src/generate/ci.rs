//! The CI pipeline that vets, tests, builds, pushes and deploys the service: a GitHub
//! Actions workflow or a GitLab CI pipeline, as the design's delivery settings choose.
//!
//! Both pipelines run the same four stages: `go vet` and a gofmt check, `go test`, an
//! image build tagged with the commit SHA and the designed tag (pushed only from the
//! default branch), and `kubectl apply -k k8s/` with the image pinned to the SHA tag,
//! only on the default branch. They name no file of the Go scaffold, so they run as
//! well on a team's own project (a deploy-only design); there the gofmt gate is left
//! out: it holds the scaffold to the format it is generated in, while a team's own
//! code (and its `vendor/`, which `gofmt -l .` reads too) follows its own rules. Values from the design reach shell scripts only through
//! environment variables, never spliced into the script text, so no design value can
//! inject a command. Documents are typed structs written by [`crate::yaml`].
//!
//! The Secret the pods mount is not among the applied manifests (see
//! [`crate::generate::kube::secret`]). Before applying them, the deploy job creates it
//! from the CI's own secrets when the cluster has none, and otherwise leaves it alone,
//! so no deploy ever replaces the values a team put there. The values pass through
//! files in a private temporary directory, never through a command's arguments, and a
//! missing CI secret fails the job by name instead of creating a Secret without it.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Value};

use crate::bundle::GeneratedFile;
use crate::generate::kube::secret;
use crate::model::{CiFlavour, Design};
use crate::names;
use crate::yaml::to_yaml;

/// Where GitHub looks for the workflow.
pub const GITHUB_PATH: &str = ".github/workflows/ci.yml";
/// Where GitLab looks for the pipeline.
pub const GITLAB_PATH: &str = ".gitlab-ci.yml";

/// The bundle path of the design's pipeline file.
pub fn path(design: &Design) -> &'static str {
    match design.delivery.ci {
        CiFlavour::GithubActions => GITHUB_PATH,
        CiFlavour::GitlabCi => GITLAB_PATH,
    }
}

/// The pipeline file of the design's CI flavour.
pub fn files(design: &Design) -> Vec<GeneratedFile> {
    let written =
        match design.delivery.ci {
            CiFlavour::GithubActions => to_yaml(&github_workflow(design))
                .map(|yaml| format!("{}{yaml}", github_header(design))),
            CiFlavour::GitlabCi => to_yaml(&gitlab_pipeline(design))
                .map(|yaml| format!("{}{yaml}", gitlab_header(design))),
        };
    vec![GeneratedFile {
        path: path(design).to_owned(),
        // Serializing these structs only fails on a bug; the file then says so.
        contents: written.unwrap_or_else(|e| format!("# {e}\n")),
    }]
}

/// The designed image tag (`0.1.0` in `registry.example.com/app:0.1.0`), if the image
/// names one; an image pinned only by digest has none.
pub fn image_tag(design: &Design) -> Option<&str> {
    let names = names::of(design);
    let rest = names.image.strip_prefix(names.image_repository)?;
    let tag = rest.strip_prefix(':')?;
    let tag = tag.split('@').next().unwrap_or(tag);
    (!tag.is_empty()).then_some(tag)
}

/// The registry host the image is pushed to, or `None` for Docker Hub (an image whose
/// first path segment is not a host, as Docker reads it: no `.` or `:` and not `localhost`).
pub fn registry_host(design: &Design) -> Option<&str> {
    let (first, _) = names::of(design).image_repository.split_once('/')?;
    (first.contains(['.', ':']) || first == "localhost").then_some(first)
}

/// Whether the image goes to the GitHub Container Registry, where the workflow's own
/// token can push and no registry secrets are needed.
fn pushes_to_ghcr(design: &Design) -> bool {
    registry_host(design) == Some("ghcr.io")
}

/// The gofmt check: `gofmt -l` lists unformatted files but always exits 0.
const GOFMT_CHECK: &str = "unformatted=\"$(gofmt -l .)\"
if [ -n \"$unformatted\" ]; then
  echo \"these files are not gofmt-formatted:\" >&2
  echo \"$unformatted\" >&2
  exit 1
fi
";

/// Whether the vet stage checks gofmt: for the scaffold only (see the module
/// documentation).
fn checks_format(design: &Design) -> bool {
    design.project.is_none()
}

const GO_VET: &str = "go vet ./...";

/// Points kustomize at the image built from this commit, so a rollout runs exactly it.
const SET_IMAGE: &str = "kustomize edit set image \"$IMAGE_REPOSITORY=$IMAGE_REPOSITORY:";

const APPLY: &str = "kubectl apply -k k8s/ --namespace \"$NAMESPACE\"";

/// The Namespace first, so the Secret can be created in it before the other objects.
const APPLY_NAMESPACE: &str = "kubectl apply -f k8s/namespace.yaml";

/// Creates the Secret `$SECRET_NAME` from the environment variables `$SECRET_KEYS`
/// names, only when the namespace has none; POSIX sh, for GitHub's bash and GitLab's
/// Alpine alike. `--ignore-not-found` tells "absent" (empty output) from "cannot ask"
/// (a failing kubectl, which fails the job), so a broken kubeconfig never leads to a
/// create attempt. Each value goes into a file of a private temporary directory and
/// `--from-file` reads them, so no value appears in a process's arguments. `kubectl
/// create` never replaces an existing Secret, even one created a moment earlier. The
/// script never `exit 0`s: GitLab runs the job's whole script in one shell, so that
/// would skip the apply.
const CREATE_SECRET: &str = r#"existing="$(kubectl get secret "$SECRET_NAME" --namespace "$NAMESPACE" --ignore-not-found --output name)" || exit 1
if [ -n "$existing" ]; then
  echo "Secret $SECRET_NAME exists in namespace $NAMESPACE: left as it is"
else
  missing=""
  for key in $SECRET_KEYS; do
    if [ -z "$(printenv "$key" || true)" ]; then
      missing="$missing $key"
    fi
  done
  if [ -n "$missing" ]; then
    echo "namespace $NAMESPACE has no Secret $SECRET_NAME and these CI secrets are empty:$missing; set them, or create the Secret by hand as README.md says" >&2
    exit 1
  fi
  (
    umask 077
    dir="$(mktemp -d)"
    trap 'rm -rf "$dir"' EXIT
    for key in $SECRET_KEYS; do
      printf '%s' "$(printenv "$key")" > "$dir/$key"
    done
    kubectl create secret generic "$SECRET_NAME" --namespace "$NAMESPACE" --from-file="$dir"
  )
  echo "created Secret $SECRET_NAME in namespace $NAMESPACE from the CI secrets"
fi
"#;

/// The keys of the Secret, space-separated for the `for` loop of [`CREATE_SECRET`]:
/// environment variable names, so splitting on spaces is exact.
fn secret_keys(design: &Design) -> String {
    secret::keys(design)
        .into_iter()
        .collect::<Vec<_>>()
        .join(" ")
}

const ROLLOUT: &str =
    "kubectl rollout status \"deployment/$DEPLOYMENT\" --namespace \"$NAMESPACE\" --timeout=5m";

// ---------------------------------------------------------------- GitHub Actions

/// A push to the repository's default branch (not a pull request, not another branch).
const GITHUB_ON_DEFAULT_BRANCH: &str =
    "github.event_name == 'push' && github.ref_name == github.event.repository.default_branch";

#[derive(Serialize)]
struct Workflow {
    name: &'static str,
    on: Triggers,
    permissions: BTreeMap<&'static str, &'static str>,
    env: BTreeMap<&'static str, String>,
    defaults: Value,
    jobs: GithubJobs,
}

#[derive(Serialize)]
struct Triggers {
    push: Value,
    pull_request: Value,
}

#[derive(Serialize)]
struct GithubJobs {
    vet: GithubJob,
    test: GithubJob,
    build: GithubJob,
    deploy: GithubJob,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct GithubJob {
    name: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    needs: Vec<&'static str>,
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    condition: Option<&'static str>,
    runs_on: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    permissions: Option<BTreeMap<&'static str, &'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    environment: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    concurrency: Option<Value>,
    timeout_minutes: u32,
    steps: Vec<Step>,
}

#[derive(Default, Serialize)]
#[serde(rename_all = "kebab-case")]
struct Step {
    name: &'static str,
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    condition: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uses: Option<&'static str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    with: BTreeMap<&'static str, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    working_directory: Option<&'static str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    env: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    run: Option<String>,
}

fn checkout() -> Step {
    Step {
        name: "Check out",
        uses: Some("actions/checkout@v4"),
        // Later steps need no git credentials; do not leave the token on disk.
        with: BTreeMap::from([("persist-credentials", json!(false))]),
        ..Step::default()
    }
}

fn setup_go(design: &Design) -> Step {
    Step {
        name: "Set up Go",
        uses: Some("actions/setup-go@v5"),
        with: BTreeMap::from([("go-version", json!(design.service.go_version))]),
        ..Step::default()
    }
}

fn run(name: &'static str, script: &str) -> Step {
    Step {
        name,
        run: Some(script.to_owned()),
        ..Step::default()
    }
}

fn github_job(name: &'static str, needs: Vec<&'static str>, steps: Vec<Step>) -> GithubJob {
    GithubJob {
        name,
        needs,
        condition: None,
        runs_on: "ubuntu-24.04",
        permissions: None,
        environment: None,
        concurrency: None,
        timeout_minutes: 15,
        steps,
    }
}

fn github_header(design: &Design) -> String {
    let registry = if pushes_to_ghcr(design) {
        "the workflow's own GITHUB_TOKEN pushes to ghcr.io"
    } else {
        "the repository secrets REGISTRY_USERNAME and REGISTRY_PASSWORD log in to the registry"
    };
    let keys = secret::keys(design);
    let secret = if keys.is_empty() {
        String::new()
    } else {
        format!(
            "
# When the cluster has no Secret {}, the deploy job creates it from the repository
# or environment secrets {}; it never replaces an existing one.",
            secret::name(design),
            keys.into_iter().collect::<Vec<_>>().join(", ")
        )
    };
    format!(
        "# CI for the service, generated by Gin Deploy Playground from the service design.
# Pushes to the default branch build and push the image and deploy it: {registry};
# the deploy job runs in the \"production\" environment and reads a kubeconfig from
# its KUBE_CONFIG secret.{secret}
"
    )
}

fn github_workflow(design: &Design) -> Workflow {
    let names = names::of(design);
    let mut tags = vec!["${{ env.IMAGE_REPOSITORY }}:${{ github.sha }}".to_owned()];
    if image_tag(design).is_some() {
        tags.push("${{ env.IMAGE_REPOSITORY }}:${{ env.IMAGE_TAG }}".to_owned());
    }
    let mut env = BTreeMap::from([
        ("IMAGE_REPOSITORY", names.image_repository.to_owned()),
        ("NAMESPACE", names.namespace.to_owned()),
        ("DEPLOYMENT", names.app.to_owned()),
    ]);
    if let Some(tag) = image_tag(design) {
        env.insert("IMAGE_TAG", tag.to_owned());
    }
    let keys = secret::keys(design);
    if !keys.is_empty() {
        env.insert("SECRET_NAME", secret::name(design));
        env.insert("SECRET_KEYS", secret_keys(design));
    }

    let mut login_with = BTreeMap::new();
    if let Some(host) = registry_host(design) {
        login_with.insert("registry", json!(host));
    }
    let (username, password, build_permissions) = if pushes_to_ghcr(design) {
        (
            "${{ github.actor }}",
            "${{ secrets.GITHUB_TOKEN }}",
            Some(BTreeMap::from([
                ("contents", "read"),
                ("packages", "write"),
            ])),
        )
    } else {
        (
            "${{ secrets.REGISTRY_USERNAME }}",
            "${{ secrets.REGISTRY_PASSWORD }}",
            None,
        )
    };
    login_with.insert("username", json!(username));
    login_with.insert("password", json!(password));

    let build_steps = vec![
        checkout(),
        Step {
            name: "Set up Docker Buildx",
            uses: Some("docker/setup-buildx-action@v3"),
            ..Step::default()
        },
        Step {
            name: "Log in to the registry",
            condition: Some(GITHUB_ON_DEFAULT_BRANCH),
            uses: Some("docker/login-action@v3"),
            with: login_with,
            ..Step::default()
        },
        Step {
            name: "Build the image, and push it from the default branch",
            uses: Some("docker/build-push-action@v6"),
            with: BTreeMap::from([
                ("context", json!(".")),
                (
                    "push",
                    json!(format!("${{{{ {GITHUB_ON_DEFAULT_BRANCH} }}}}")),
                ),
                ("tags", json!(tags.join("\n") + "\n")),
            ]),
            ..Step::default()
        },
    ];

    let mut deploy_steps = vec![
        checkout(),
        Step {
            name: "Configure cluster access",
            env: BTreeMap::from([(
                "KUBE_CONFIG".to_owned(),
                "${{ secrets.KUBE_CONFIG }}".to_owned(),
            )]),
            run: Some(
                "umask 077
mkdir -p \"$HOME/.kube\"
printf '%s\\n' \"$KUBE_CONFIG\" > \"$HOME/.kube/config\"
"
                .to_owned(),
            ),
            ..Step::default()
        },
        Step {
            name: "Run the image built from this commit",
            working_directory: Some("k8s"),
            run: Some(format!("{SET_IMAGE}$GITHUB_SHA\"")),
            ..Step::default()
        },
    ];
    if !keys.is_empty() {
        deploy_steps.push(run("Apply the namespace", APPLY_NAMESPACE));
        deploy_steps.push(Step {
            name: "Create the Secret when the cluster has none",
            // Each CI secret reaches the script as the environment variable of its
            // key's name: GitHub masks it in the log.
            env: keys
                .iter()
                .map(|key| (key.clone(), format!("${{{{ secrets.{key} }}}}")))
                .collect(),
            run: Some(CREATE_SECRET.to_owned()),
            ..Step::default()
        });
    }
    deploy_steps.push(run("Apply the manifests", APPLY));
    deploy_steps.push(run("Wait for the rollout", ROLLOUT));

    let mut vet_steps = vec![checkout(), setup_go(design)];
    if checks_format(design) {
        vet_steps.push(run("gofmt", GOFMT_CHECK));
    }
    vet_steps.push(run("go vet", GO_VET));

    Workflow {
        name: "CI",
        on: Triggers {
            // Every branch push and every pull request; tag pushes are left out.
            push: json!({ "branches": ["**"] }),
            pull_request: json!({}),
        },
        // Read-only by default; only the job that pushes to ghcr.io asks for more.
        permissions: BTreeMap::from([("contents", "read")]),
        env,
        defaults: json!({ "run": { "shell": "bash" } }),
        jobs: GithubJobs {
            vet: github_job(
                if checks_format(design) {
                    "go vet and gofmt"
                } else {
                    "go vet"
                },
                Vec::new(),
                vet_steps,
            ),
            test: github_job(
                "go test",
                vec!["vet"],
                vec![
                    checkout(),
                    setup_go(design),
                    run("go test", "go test ./..."),
                ],
            ),
            build: GithubJob {
                permissions: build_permissions,
                ..github_job("Build and push the image", vec!["test"], build_steps)
            },
            deploy: GithubJob {
                condition: Some(GITHUB_ON_DEFAULT_BRANCH),
                environment: Some("production"),
                // One rollout at a time, and never cancel one half-way.
                concurrency: Some(json!({ "group": "deploy", "cancel-in-progress": false })),
                ..github_job("Deploy to Kubernetes", vec!["build"], deploy_steps)
            },
        },
    }
}

// ---------------------------------------------------------------- GitLab CI

const GITLAB_HEADER: &str =
    "# CI for the service, generated by Gin Deploy Playground from the service design.
# Pipelines on the default branch push the image and deploy it. The build job logs in
# with REGISTRY_USER and REGISTRY_PASSWORD when set, else with GitLab's own registry
# credentials; the deploy job needs a File-type CI/CD variable KUBECONFIG.
";

fn gitlab_header(design: &Design) -> String {
    let keys = secret::keys(design);
    if keys.is_empty() {
        return GITLAB_HEADER.to_owned();
    }
    format!(
        "{GITLAB_HEADER}# When the cluster has no Secret {}, the deploy job creates it from the masked
# CI/CD variables {}; it never replaces an existing one.
",
        secret::name(design),
        keys.into_iter().collect::<Vec<_>>().join(", ")
    )
}

const GITLAB_ON_DEFAULT_BRANCH: &str = "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH";

#[derive(Serialize)]
struct Pipeline {
    stages: [&'static str; 4],
    variables: BTreeMap<&'static str, String>,
    vet: GitlabJob,
    test: GitlabJob,
    build: GitlabJob,
    deploy: GitlabJob,
}

#[derive(Serialize)]
struct GitlabJob {
    stage: &'static str,
    image: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    services: Vec<&'static str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    variables: BTreeMap<&'static str, &'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    environment: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource_group: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rules: Vec<Value>,
    script: Vec<String>,
}

fn gitlab_job(stage: &'static str, image: String, script: Vec<String>) -> GitlabJob {
    GitlabJob {
        stage,
        image,
        services: Vec::new(),
        variables: BTreeMap::new(),
        environment: None,
        resource_group: None,
        rules: Vec::new(),
        script,
    }
}

fn gitlab_pipeline(design: &Design) -> Pipeline {
    let go_image = format!("golang:{}", design.service.go_version);
    let names = names::of(design);
    let mut variables = BTreeMap::from([
        ("IMAGE_REPOSITORY", names.image_repository.to_owned()),
        ("NAMESPACE", names.namespace.to_owned()),
        ("DEPLOYMENT", names.app.to_owned()),
    ]);
    let has_secret = !secret::keys(design).is_empty();
    if has_secret {
        variables.insert("SECRET_NAME", secret::name(design));
        variables.insert("SECRET_KEYS", secret_keys(design));
    }
    let mut build = String::from("docker build --pull --tag \"$IMAGE_REPOSITORY:$CI_COMMIT_SHA\"");
    if let Some(tag) = image_tag(design) {
        variables.insert("IMAGE_TAG", tag.to_owned());
        build.push_str(" --tag \"$IMAGE_REPOSITORY:$IMAGE_TAG\"");
    }
    build.push_str(" .");
    // Docker Hub is `docker login`'s default; any other registry is named.
    let login_target = match registry_host(design) {
        Some(host) => {
            variables.insert("REGISTRY", host.to_owned());
            " \"$REGISTRY\""
        }
        None => "",
    };
    let push = format!(
        "if [ \"$CI_COMMIT_BRANCH\" = \"$CI_DEFAULT_BRANCH\" ]; then
  printf '%s' \"${{REGISTRY_PASSWORD:-$CI_REGISTRY_PASSWORD}}\" | docker login --username \"${{REGISTRY_USER:-$CI_REGISTRY_USER}}\" --password-stdin{login_target}
  docker push --all-tags \"$IMAGE_REPOSITORY\"
fi
"
    );

    Pipeline {
        stages: ["vet", "test", "build", "deploy"],
        variables,
        vet: gitlab_job(
            "vet",
            go_image.clone(),
            checks_format(design)
                .then_some(GOFMT_CHECK)
                .into_iter()
                .chain([GO_VET])
                .map(str::to_owned)
                .collect(),
        ),
        test: gitlab_job("test", go_image, vec!["go test ./...".to_owned()]),
        build: GitlabJob {
            services: vec!["docker:28-dind"],
            // The docker image's entrypoint finds the dind service over TLS with these.
            variables: BTreeMap::from([("DOCKER_TLS_CERTDIR", "/certs")]),
            ..gitlab_job("build", "docker:28".to_owned(), vec![build, push])
        },
        deploy: GitlabJob {
            environment: Some(json!({ "name": "production" })),
            // One rollout at a time.
            resource_group: Some("production"),
            rules: vec![json!({ "if": GITLAB_ON_DEFAULT_BRANCH })],
            ..gitlab_job(
                "deploy",
                "alpine:3.22".to_owned(),
                [
                    "apk add --no-cache kubectl kustomize".to_owned(),
                    format!("(cd k8s && {SET_IMAGE}$CI_COMMIT_SHA\")"),
                ]
                .into_iter()
                .chain(
                    has_secret
                        .then(|| [APPLY_NAMESPACE.to_owned(), CREATE_SECRET.to_owned()])
                        .into_iter()
                        .flatten(),
                )
                .chain([APPLY.to_owned(), ROLLOUT.to_owned()])
                .collect(),
            )
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_tag_and_registry_host_follow_docker_image_references() {
        let mut design = Design::default();
        for (image, tag, host) in [
            (
                "registry.example.com/hello-gin:0.1.0",
                Some("0.1.0"),
                Some("registry.example.com"),
            ),
            ("localhost:5000/app:1", Some("1"), Some("localhost:5000")),
            ("ghcr.io/team/app", None, Some("ghcr.io")),
            ("team/app:2.0@sha256:abc", Some("2.0"), None),
            ("app@sha256:abc", None, None),
        ] {
            design.delivery.image = image.into();
            assert_eq!(image_tag(&design), tag, "{image}");
            assert_eq!(registry_host(&design), host, "{image}");
        }
    }
}
