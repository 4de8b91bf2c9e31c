//! Per-person limits on costly actions (an image upload is decoded and re-encoded): a sliding
//! window of each person's recent uses, kept in memory on this node.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Rate {
    limit: usize,
    window: Duration,
    uses: Mutex<HashMap<i64, VecDeque<Instant>>>,
}

impl Rate {
    pub fn new(limit: usize, window: Duration) -> Self {
        Self {
            limit,
            window,
            uses: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a use by `who` and says yes, or says no once `limit` uses fall in the window.
    pub fn allow(&self, who: i64) -> bool {
        self.allow_at(who, Instant::now())
    }

    fn allow_at(&self, who: i64, now: Instant) -> bool {
        let mut uses = self.uses.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Forget people whose window has passed, so the map stays as small as the active crowd.
        if uses.len() > 10_000 {
            uses.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < self.window));
        }
        let q = uses.entry(who).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= self.window) {
            q.pop_front();
        }
        if q.len() >= self.limit {
            return false;
        }
        q.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_person_gets_the_limit_per_window() {
        let rate = Rate::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!((0..3).all(|_| rate.allow_at(1, t0)));
        assert!(!rate.allow_at(1, t0), "the fourth within the minute is refused");
        assert!(rate.allow_at(2, t0), "another person is not affected");
        assert!(
            rate.allow_at(1, t0 + Duration::from_secs(61)),
            "a minute later there is room again"
        );
    }
}
