//! The indexer: the one task that writes the search index, off the request path.
//!
//! It reads the database's change log (`search_log`, written by triggers in the same transaction
//! as every change) from where the index's mark says it left off, and writes only the records that
//! changed. Before each pass it checks the index against the database and rebuilds on any
//! disagreement: another database's index, an index ahead of the log (an older database restored
//! beside it), a rebuild asked for by `kyodo reindex`, or damage found by a search. Now and then it
//! audits the ids present against the database's and repairs the difference, so an index that
//! lost writes (a full disk) is never silently wrong for long.
//!
//! A request that has just written waits for the pass that covers its write, bounded by a few
//! hundred milliseconds ([`Indexer::settle`]): what a person just saved is what they find.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use kyodo_search::{DocKind, Mark, SearchIndex};
use kyodo_store::{Changed, Store};
use tokio::sync::{Mutex, Notify, watch};

use super::index_feed;

/// Log entries re-read behind the mark: on PostgreSQL, sequence numbers can commit out of order.
/// Entries already applied by this process are skipped, so the look-back costs one query.
const LOOKBACK: i64 = 1000;
const BATCH: i64 = 5000;
/// The least time between passes: under a burst of writes one pass (one index commit, one
/// look-back read) covers many of them instead of each write paying for its own.
const MIN_GAP: Duration = Duration::from_millis(50);
/// How often the ids in the index are compared with the database's.
const AUDIT_EVERY: Duration = Duration::from_secs(60);

/// What one pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pass {
    /// Log entries applied.
    pub read: usize,
    /// Rebuilt from scratch: why, and how many documents.
    pub rebuilt: Option<(String, u64)>,
    /// Records re-indexed because the audit found them missing or extra.
    pub repaired: usize,
}

struct Progress {
    /// Sequence numbers applied within the look-back window.
    applied: BTreeSet<i64>,
    last_audit: Option<Instant>,
}

pub struct Indexer {
    store: Store,
    index: Arc<SearchIndex>,
    wake: Notify,
    /// The log position the index has reached, for requests waiting on their write.
    reached: watch::Sender<i64>,
    progress: Mutex<Progress>,
    /// Is [`Indexer::run`] looping? If not, a waiting request runs the pass itself.
    running: AtomicBool,
}

impl Indexer {
    pub fn new(store: Store, index: Arc<SearchIndex>) -> Arc<Self> {
        let reached = index.position().unwrap_or(0);
        Arc::new(Self {
            store,
            index,
            wake: Notify::new(),
            reached: watch::Sender::new(reached),
            progress: Mutex::new(Progress {
                applied: BTreeSet::new(),
                last_audit: None,
            }),
            running: AtomicBool::new(false),
        })
    }

    /// Passes forever: when woken by a write, and every `every` for writes made elsewhere (an
    /// import by another process, another web node). A failed pass is logged and retried, with
    /// a growing pause while it keeps failing (a full disk).
    pub async fn run(self: Arc<Self>, every: Duration) {
        self.running.store(true, Ordering::Relaxed);
        let mut failures: u32 = 0;
        loop {
            let pause = every * 2u32.pow(failures.min(5));
            let _ = tokio::time::timeout(pause, self.wake.notified()).await;
            tokio::time::sleep(MIN_GAP).await;
            if self.store.is_closed() {
                return; // shutting down
            }
            match self.pass().await {
                Ok(p) => {
                    if failures > 0 {
                        tracing::info!("search index: catching up again");
                    }
                    failures = 0;
                    log_pass(&p);
                }
                Err(_) if self.store.is_closed() => return, // stopped mid-pass
                Err(e) => {
                    failures += 1;
                    tracing::error!(error = %format!("{e:#}"), "search index: pass failed; will retry");
                }
            }
        }
    }

    /// After a write whose writer does not wait: the indexer runs its next pass now. Without a
    /// running indexer (tests, tools), the pass runs here in the background.
    pub fn wake(self: &Arc<Self>) {
        if self.running.load(Ordering::Relaxed) {
            self.wake.notify_one();
        } else {
            let me = self.clone();
            tokio::spawn(async move {
                if let Err(e) = me.pass().await {
                    tracing::warn!(error = %format!("{e:#}"), "search index: pass after a write failed");
                }
            });
        }
    }

    /// After a write: lets the indexer cover it and waits for that, at most `within`.
    pub async fn settle(&self, within: Duration) {
        let end = match self.store.search_log_end().await {
            Ok(end) => end,
            Err(e) => {
                tracing::warn!(error = %e, "search index: could not read the log's end");
                return;
            }
        };
        if *self.reached.borrow() >= end {
            return;
        }
        if !self.running.load(Ordering::Relaxed) {
            if let Err(e) = self.pass().await {
                tracing::warn!(error = %format!("{e:#}"), "search index: pass after a write failed");
            }
            return;
        }
        self.wake.notify_one();
        let mut reached = self.reached.subscribe();
        let _ = tokio::time::timeout(within, reached.wait_for(|p| *p >= end)).await;
    }

    /// One pass: check the index against the database (rebuilding on disagreement), apply what
    /// the log holds since the mark, and audit the ids when due.
    pub async fn pass(&self) -> anyhow::Result<Pass> {
        self.pass_auditing(true).await
    }

    /// A pass at start-up: as [`Self::pass`], but the audit is left to the running indexer's
    /// first pass. It reads every id of both sides — seconds at national scale — and readiness
    /// need not wait for it: the index already agrees with the database's mark.
    pub async fn pass_before_start(&self) -> anyhow::Result<Pass> {
        self.pass_auditing(false).await
    }

    async fn pass_auditing(&self, audit_when_due: bool) -> anyhow::Result<Pass> {
        let mut progress = self.progress.lock().await;
        let mut pass = Pass::default();
        let feed = self.store.search_feed_state().await?;
        if let Some(reason) = self.disagreement(&feed) {
            let docs = index_feed::rebuild(&self.store, &self.index, feed.rebuild_request).await?;
            progress.applied.clear();
            progress.last_audit = Some(Instant::now());
            pass.rebuilt = Some((reason, docs));
            self.reached.send_replace(self.index.position().unwrap_or(0));
            return Ok(pass);
        }
        pass.read = self.catch_up(&mut progress).await?;
        if audit_when_due && progress.last_audit.is_none_or(|t| t.elapsed() >= AUDIT_EVERY) {
            pass.repaired = self.audit().await?;
            progress.last_audit = Some(Instant::now());
        }
        Ok(pass)
    }

    /// Why the index cannot be trusted for this database, if it cannot.
    fn disagreement(&self, feed: &kyodo_store::FeedState) -> Option<String> {
        let Some(mark) = self.index.mark() else {
            return Some(
                "索引が空でした（初めての起動か、以前の版の索引） / the index was empty or from an earlier version"
                    .into(),
            );
        };
        if mark.database != feed.database_id {
            return Some("別のデータベースの索引でした / the index belonged to another database".into());
        }
        if mark.position > feed.log_end {
            return Some(format!(
                "索引がデータベースより新しい状態でした（古いデータベースを戻した？ 索引 {} > 記録 {}） / the index was ahead of the database (an older database restored?)",
                mark.position, feed.log_end
            ));
        }
        if mark.rebuild_request < feed.rebuild_request {
            return Some("kyodo reindex で作り直しを求められました / kyodo reindex asked for a rebuild".into());
        }
        if self.index.is_damaged() {
            return Some("検索中に索引の破損が見つかりました / a search found the index damaged".into());
        }
        None
    }

    /// Applies the log after the mark (minus the look-back), skipping entries already applied.
    async fn catch_up(&self, progress: &mut Progress) -> anyhow::Result<usize> {
        let mut read = 0;
        loop {
            let Some(mark) = self.index.mark() else {
                return Ok(read);
            };
            let entries = self
                .store
                .search_log_after((mark.position - LOOKBACK).max(0), BATCH)
                .await?;
            let fresh: Vec<(i64, Changed)> = entries
                .into_iter()
                .filter(|(seq, _)| !progress.applied.contains(seq))
                .collect();
            let Some(last) = fresh.iter().map(|(seq, _)| *seq).max() else {
                self.reached.send_replace(mark.position);
                return Ok(read);
            };
            read += fresh.len();
            let changed: HashSet<Changed> = fresh.iter().map(|(_, c)| c.clone()).collect();
            let to = Mark {
                position: mark.position.max(last),
                ..mark
            };
            let position = to.position;
            index_feed::apply_changed(&self.store, &self.index, &changed, to).await?;
            progress.applied.extend(fresh.iter().map(|(seq, _)| *seq));
            let keep_from = position - LOOKBACK;
            progress.applied = progress.applied.split_off(&keep_from);
            self.reached.send_replace(position);
            if i64::try_from(fresh.len()).unwrap_or(BATCH) < BATCH / 2 {
                return Ok(read);
            }
        }
    }

    /// Compares the ids in the index with those the database says should be there and
    /// re-indexes the difference. Returns how many records were repaired.
    pub async fn audit(&self) -> anyhow::Result<usize> {
        let (orgs, listings) = self.store.searchable_ids().await?;
        let index = self.index.clone();
        let (in_orgs, in_listings) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
            Ok((index.ids(DocKind::Organization)?, index.ids(DocKind::Listing)?))
        })
        .await??;
        let mut changed: HashSet<Changed> = HashSet::new();
        changed.extend(orgs.symmetric_difference(&in_orgs).map(|id| Changed::Organization(*id)));
        changed.extend(
            listings
                .symmetric_difference(&in_listings)
                .map(|id| Changed::Listing(*id)),
        );
        if changed.is_empty() {
            return Ok(0);
        }
        tracing::warn!(
            records = changed.len(),
            "search index disagreed with the database; re-indexing the difference"
        );
        let Some(mark) = self.index.mark() else {
            return Ok(0);
        };
        let n = changed.len();
        index_feed::apply_changed(&self.store, &self.index, &changed, mark).await?;
        Ok(n)
    }
}

fn log_pass(p: &Pass) {
    if let Some((reason, docs)) = &p.rebuilt {
        tracing::warn!(%reason, docs, "search index rebuilt");
    }
    if p.repaired > 0 {
        tracing::warn!(records = p.repaired, "search index repaired");
    }
}
