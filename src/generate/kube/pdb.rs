//! The PodDisruptionBudget (policy/v1) that keeps pods up through voluntary
//! disruptions such as node drains.

use k8s_openapi::api::policy::v1::{PodDisruptionBudget, PodDisruptionBudgetSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::generate::kube::hpa;
use crate::generate::kube::labels::{label_selector, metadata};
use crate::model::Design;
use crate::names;

/// The fewest pods the service runs: the HPA's minimum, or the fixed replicas.
fn floor(design: &Design) -> i32 {
    hpa::bounds(design).map_or(design.cluster.replicas, |(min, _)| min)
}

/// `minAvailable`, at most one below the fewest pods the service runs. A budget
/// that asks for every pod never lets a node drain (`kubectl drain` waits forever),
/// so a higher designed value is lowered to what still lets one pod move at a time.
pub fn min_available(design: &Design) -> Option<i32> {
    let wanted = design.cluster.min_available?;
    let wanted = i32::try_from(wanted).unwrap_or(i32::MAX);
    Some(wanted.min(floor(design) - 1).max(0))
}

/// The PodDisruptionBudget, or none when `cluster.minAvailable` is unset.
pub fn pdb(design: &Design) -> Option<PodDisruptionBudget> {
    let min_available = min_available(design)?;
    Some(PodDisruptionBudget {
        metadata: metadata(design, names::of(design).app),
        spec: Some(PodDisruptionBudgetSpec {
            min_available: Some(IntOrString::Int(min_available)),
            selector: Some(label_selector(design)),
            ..Default::default()
        }),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Autoscaling;

    fn min_available_of(replicas: i32, hpa_min: Option<i32>, wanted: u32) -> Option<i32> {
        let mut design = Design::default();
        design.cluster.replicas = replicas;
        design.cluster.autoscaling = hpa_min.map(|min_replicas| Autoscaling {
            min_replicas,
            ..Autoscaling::default()
        });
        design.cluster.min_available = Some(wanted);
        min_available(&design)
    }

    #[test]
    fn min_available_stays_below_the_fewest_pods() {
        assert_eq!(min_available_of(3, None, 1), Some(1));
        assert_eq!(min_available_of(3, None, 3), Some(2));
        assert_eq!(min_available_of(1, None, 1), Some(0));
        assert_eq!(min_available_of(10, Some(2), 5), Some(1));
        assert_eq!(min_available_of(1, Some(4), 3), Some(3));
    }
}
