//! Search as one operation for the page and the API, and the threads index work runs on.
//!
//! Searching is CPU-bound. Run on an unbounded pool, eight searches on two cores share them and
//! each takes four times as long; a heavy one (a common word, a long phrase) then takes four
//! times its own cost. So index work runs as many at a time as there are cores, the rest wait
//! their turn: a search costs the wait plus its own time, never a share of everyone's.

use kyodo_search::{Filters, SearchResult};

use crate::App;

/// Index work at once: one per core.
pub(crate) fn index_threads() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
}

impl App {
    /// Runs `work` (index reads) on a blocking thread once one of the cores' turns is free.
    pub async fn on_index<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
        let _turn = self.index_turns.acquire().await?;
        Ok(tokio::task::spawn_blocking(work).await?)
    }

    /// Organisations, listings and cases matching `query` and `filters`, a page of `limit` from
    /// `offset`, with facet counts and what readings found.
    pub async fn search(
        &self,
        query: String,
        filters: Filters,
        limit: usize,
        offset: usize,
    ) -> anyhow::Result<SearchResult> {
        let index = self.search.clone();
        Ok(self
            .on_index(move || index.search(&query, &filters, limit, offset))
            .await??)
    }
}
