//! Work the App asks of another thread, numbered so that a result asked
//! for older data or filters is dropped when it comes. The Flows tables and
//! the search's text index both wait this way.

/// The job awaited, if any, and the number the next one will take.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Awaited {
    latest: u64,
    pending: Option<u64>,
}

impl Awaited {
    /// Starts a new job and gives its number; any earlier job's result is
    /// dropped from now on.
    pub(super) fn start(&mut self) -> u64 {
        self.latest += 1;
        self.pending = Some(self.latest);
        self.latest
    }

    /// Awaits nothing: the work was done at once, or what it was for is gone.
    pub(super) fn drop_pending(&mut self) {
        self.pending = None;
    }

    /// Whether a result of job `number` is the one awaited; if so, nothing
    /// is awaited any more.
    pub(super) fn take(&mut self, number: u64) -> bool {
        let awaited = self.pending == Some(number);
        if awaited {
            self.pending = None;
        }
        awaited
    }

    pub(super) fn waiting(&self) -> bool {
        self.pending.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::Awaited;

    #[test]
    fn only_the_latest_jobs_result_is_taken_and_only_once() {
        let mut jobs = Awaited::default();
        let first = jobs.start();
        let second = jobs.start();
        assert!(jobs.waiting());
        assert!(!jobs.take(first), "an older job's result is dropped");
        assert!(jobs.take(second));
        assert!(!jobs.waiting());
        assert!(!jobs.take(second), "taken once");
        let third = jobs.start();
        jobs.drop_pending();
        assert!(!jobs.take(third), "nothing is awaited after drop_pending");
    }
}
