//! The hostile inputs that once took the page or a CI runner down
//! (`examples/support/hostile.rs`), each read through the entry the page and the
//! command use, each answered with its own message and within 64 MB of memory.
//!
//! Peak memory is measured by a counting global allocator, which is why these tests
//! have a binary of their own; a lock keeps them from running at the same time, so
//! each peak is its own. Times are printed, not asserted (`scripts/reproducers.sh`
//! times the release command on the same inputs).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use gin_deploy::budget::{Budget, Size};
use gin_deploy::design_file::read_design;
use gin_deploy::validate::bundle::validate_input;
use gin_deploy::validate::Diagnostic;
use gin_deploy::yaml::parse_stream;

#[path = "../examples/support/hostile.rs"]
mod hostile;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; the counters
// only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size >= layout.size() {
                let grown = new_size - layout.size();
                let now = CURRENT.fetch_add(grown, Ordering::Relaxed) + grown;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The most memory one reproducer may take on top of what was allocated before it.
const PEAK_BUDGET: usize = 64 * 1024 * 1024;

/// Keeps the other tests of this binary from allocating while a test runs, so that
/// each peak is its own; taken first, before the test builds its input.
fn alone() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `work` and returns its result, asserting the peak memory it added and
/// printing the figures. The caller holds [`alone`].
fn measured<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let start = Instant::now();
    let result = work();
    let elapsed = start.elapsed();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    eprintln!(
        "{name}: {:.1} ms, peak {:.1} MB",
        elapsed.as_secs_f64() * 1e3,
        peak as f64 / 1e6
    );
    assert!(
        peak < PEAK_BUDGET,
        "{name} took a peak of {peak} bytes, over {PEAK_BUDGET}"
    );
    result
}

fn messages(found: &[Diagnostic], rule: &str) -> Vec<String> {
    found
        .iter()
        .filter(|d| d.rule == rule)
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn a_link_to_dev_zero_is_refused_one_byte_past_the_budget() {
    let _alone = alone();
    let dir = std::env::temp_dir().join(format!("gin-deploy-budgets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("deploy.yaml");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let result = measured("link to /dev/zero", || {
        let file = std::fs::File::open(&link).unwrap();
        Budget::STREAM.read("deploy.yaml", file)
    });
    assert_eq!(
        result.unwrap_err().to_string(),
        "deploy.yaml is more than the 8 MiB (8388608 bytes) one input may be: nothing in it was checked; keep an input under 8 MiB (8388608 bytes)"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn aliases_shared_across_three_hundred_deployments_are_one_budget() {
    let _alone = alone();
    let text = hostile::aliased_deployments();
    assert!(text.len() > 4_000_000, "{}", text.len());
    let (_, found) = measured("300 Deployments sharing anchors", || {
        validate_input("deploy.yaml", &text, "1.37")
    });
    // The budget holds the aliases of nine Deployments; each later one would go
    // over it and is not checked, and says so.
    let budget = messages(&found, "GY002");
    assert_eq!(budget.len(), hostile::DEPLOYMENTS - 9, "{budget:?}");
    assert!(budget.iter().all(|m| m == "here the nodes that aliases add to the input would pass 100000 (an alias bomb): this document was not checked; write repeated parts out or alias fewer of them"), "{budget:?}");
    // The nine are checked; no finding but the budget's comes after them.
    let line = |d: &Diagnostic| match d.location {
        gin_deploy::validate::Location::Text { line, .. } => line,
        gin_deploy::validate::Location::Field { .. } => 0,
    };
    let first_dropped = found
        .iter()
        .filter(|d| d.rule == "GY002")
        .map(line)
        .min()
        .unwrap();
    let others: Vec<u32> = found
        .iter()
        .filter(|d| d.rule != "GY002")
        .map(line)
        .collect();
    assert!(!others.is_empty(), "the first Deployments are checked");
    assert!(others.iter().all(|l| *l < first_dropped), "{others:?}");
}

#[test]
fn a_config_map_of_fifty_thousand_keys_is_no_alias_bomb() {
    let _alone = alone();
    let text = hostile::wide_config_map();
    let (_, found) = measured("ConfigMap of 50,000 keys", || {
        validate_input("settings.yaml", &text, "1.37")
    });
    assert_eq!(messages(&found, "GY002"), Vec::<String>::new());
    assert!(
        found.iter().all(|d| !d.message.contains("alias")),
        "{found:?}"
    );
}

#[test]
fn a_design_of_ten_thousand_groups_is_refused_for_its_size_not_as_an_alias_bomb() {
    let _alone = alone();
    let text = hostile::wide_design();
    let refused = measured("design of 10,000 groups", || read_design(&text)).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "the design file is not valid: could not read YAML: line 15002 column 3: the input holds more than 50000 YAML nodes: the rest, from here on, was not read; keep an input under 50000 nodes"
    );
    // Pasted as YAML, it is read whole: 100,000 nodes are no bomb either.
    let (_, found) = measured("design of 10,000 groups, pasted", || {
        validate_input("", &text, "1.37")
    });
    assert_eq!(messages(&found, "GY002"), Vec::<String>::new());
}

#[test]
fn a_fifty_megabyte_document_gets_the_size_message_and_no_other() {
    let _alone = alone();
    let text = hostile::large_document();
    assert_eq!(text.len(), hostile::LARGE_DOCUMENT_BYTES + 61);
    let refused = measured("50 MB document, pasted", || {
        Budget::STREAM.admit("the pasted text", Size::Exactly(text.len() as u64))
    });
    assert_eq!(
        refused.unwrap_err().to_string(),
        format!("the pasted text is {} bytes, more than the 8 MiB (8388608 bytes) one input may be: nothing in it was checked; keep an input under 8 MiB (8388608 bytes)", text.len())
    );
    // A caller that hands the reader the text anyway gets the same one problem.
    let stream = measured("50 MB document, read", || {
        parse_stream(&text, &Budget::STREAM)
    });
    let found: Vec<&str> = stream.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("the YAML text is 52428861 bytes, more than the 8 MiB"));
}
