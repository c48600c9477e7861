//! The HorizontalPodAutoscaler (autoscaling/v2) that scales the Deployment on CPU.

use k8s_openapi::api::autoscaling::v2::{
    CrossVersionObjectReference, HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec, MetricSpec,
    MetricTarget, ResourceMetricSource,
};

use crate::generate::kube::labels::metadata;
use crate::model::Design;
use crate::names;

/// The HPA's bounds as the API server accepts them: at least one pod, and a maximum
/// no lower than the minimum. None when the design does not autoscale.
pub fn bounds(design: &Design) -> Option<(i32, i32)> {
    let autoscaling = design.cluster.autoscaling.as_ref()?;
    let min = autoscaling.min_replicas.max(1);
    Some((min, autoscaling.max_replicas.max(min)))
}

/// The HPA targeting the Deployment, or none when `cluster.autoscaling` is unset.
pub fn hpa(design: &Design) -> Option<HorizontalPodAutoscaler> {
    let autoscaling = design.cluster.autoscaling.as_ref()?;
    let (min, max) = bounds(design)?;
    Some(HorizontalPodAutoscaler {
        metadata: metadata(design, names::of(design).app),
        spec: HorizontalPodAutoscalerSpec {
            scale_target_ref: CrossVersionObjectReference {
                api_version: Some("apps/v1".into()),
                kind: "Deployment".into(),
                name: names::of(design).app.to_owned(),
            },
            min_replicas: Some(min),
            max_replicas: max,
            metrics: Some(vec![MetricSpec {
                type_: "Resource".into(),
                resource: Some(ResourceMetricSource {
                    name: "cpu".into(),
                    target: MetricTarget {
                        type_: "Utilization".into(),
                        average_utilization: Some(autoscaling.cpu_utilization.max(1)),
                        ..Default::default()
                    },
                }),
                ..Default::default()
            }]),
            ..Default::default()
        },
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Autoscaling;

    #[test]
    fn bounds_keep_one_pod_and_max_at_least_min() {
        let mut design = Design::default();
        assert_eq!(bounds(&design), None);
        for ((min, max), expected) in [((2, 10), (2, 10)), ((0, 0), (1, 1)), ((5, 3), (5, 5))] {
            design.cluster.autoscaling = Some(Autoscaling {
                min_replicas: min,
                max_replicas: max,
                cpu_utilization: 70,
            });
            assert_eq!(bounds(&design), Some(expected), "{min}..{max}");
        }
    }
}
