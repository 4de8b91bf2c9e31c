//! Login rate limiting, per client address and per account, without letting an attacker lock
//! the real user out.
//!
//! - An address that fails too often is refused for a while (whatever account it tries).
//! - An (account, address) pair that fails too often is refused for a while.
//! - An account that fails too often from anywhere is refused only to addresses that have not
//!   logged in to it successfully before: the real user, from a known address, still gets in.
//! - A browser that has logged in to the account before carries a device cookie: it is limited
//!   on its own count only, so failures by others behind the same address (an office, a
//!   library, a mobile carrier's NAT) never lock the real user out on their own device.
//!
//! State is in memory, per node. On several nodes each node limits on its own, which multiplies
//! the allowance by the node count but keeps every limit in force.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a throttled person is told.
pub const MESSAGE: &str = "失敗が続いたため、しばらく受け付けを停止しています。15分ほど待ってから再度お試しください。";
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const MAX_PER_ADDRESS: usize = 30;
pub const MAX_PER_PAIR: usize = 5;
pub const MAX_PER_ACCOUNT: usize = 50;

#[derive(Default)]
pub struct LoginThrottle {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    by_address: HashMap<IpAddr, Vec<Instant>>,
    by_pair: HashMap<(String, IpAddr), Vec<Instant>>,
    by_account: HashMap<String, Vec<Instant>>,
    known: HashSet<(String, IpAddr)>,
    /// (account, hash of a device cookie) that logged in successfully, and their failures.
    devices: HashSet<(String, String)>,
    by_device: HashMap<(String, String), Vec<Instant>>,
}

fn recent(v: &mut Vec<Instant>, now: Instant) -> usize {
    v.retain(|t| now.duration_since(*t) < WINDOW);
    v.len()
}

impl LoginThrottle {
    /// May this address try this account now?
    pub fn allowed(&self, account: &str, address: IpAddr) -> bool {
        self.allowed_at(account, address, Instant::now())
    }

    fn allowed_at(&self, account: &str, address: IpAddr, now: Instant) -> bool {
        let Ok(mut s) = self.inner.lock() else {
            return true;
        };
        let key = (account.to_owned(), address);
        let known = s.known.contains(&key);
        let addr = s.by_address.get_mut(&address).map_or(0, |v| recent(v, now));
        let pair = s.by_pair.get_mut(&key).map_or(0, |v| recent(v, now));
        let acct = s.by_account.get_mut(account).map_or(0, |v| recent(v, now));
        addr < MAX_PER_ADDRESS && pair < MAX_PER_PAIR && (known || acct < MAX_PER_ACCOUNT)
    }

    pub fn failed(&self, account: &str, address: IpAddr) {
        self.failed_at(account, address, Instant::now());
    }

    fn failed_at(&self, account: &str, address: IpAddr, now: Instant) {
        let Ok(mut s) = self.inner.lock() else { return };
        s.by_address.entry(address).or_default().push(now);
        s.by_pair.entry((account.to_owned(), address)).or_default().push(now);
        s.by_account.entry(account.to_owned()).or_default().push(now);
        // Keep memory bounded under a spray of addresses or accounts.
        if s.by_pair.len() > 100_000 {
            s.by_pair.retain(|_, v| recent(v, now) > 0);
            s.by_address.retain(|_, v| recent(v, now) > 0);
            s.by_account.retain(|_, v| recent(v, now) > 0);
        }
    }

    pub fn succeeded(&self, account: &str, address: IpAddr) {
        let Ok(mut s) = self.inner.lock() else { return };
        let key = (account.to_owned(), address);
        s.by_pair.remove(&key);
        if s.known.len() < 1_000_000 {
            s.known.insert(key);
        }
    }
}

impl LoginThrottle {
    /// May this browser try this account now? A device that has logged in to it before is
    /// judged by its own failures only; any other by [`LoginThrottle::allowed`].
    pub fn allowed_from(&self, account: &str, address: IpAddr, device: Option<&str>) -> bool {
        self.allowed_from_at(account, address, device, Instant::now())
    }

    fn allowed_from_at(&self, account: &str, address: IpAddr, device: Option<&str>, now: Instant) -> bool {
        if let Some(d) = device {
            let key = (account.to_owned(), d.to_owned());
            if let Ok(mut s) = self.inner.lock()
                && s.devices.contains(&key)
            {
                return s.by_device.get_mut(&key).map_or(0, |v| recent(v, now)) < MAX_PER_PAIR;
            }
        }
        self.allowed_at(account, address, now)
    }

    pub fn failed_from(&self, account: &str, address: IpAddr, device: Option<&str>) {
        self.failed_from_at(account, address, device, Instant::now());
    }

    fn failed_from_at(&self, account: &str, address: IpAddr, device: Option<&str>, now: Instant) {
        self.failed_at(account, address, now);
        if let (Some(d), Ok(mut s)) = (device, self.inner.lock()) {
            let key = (account.to_owned(), d.to_owned());
            if s.devices.contains(&key) {
                s.by_device.entry(key).or_default().push(now);
            }
        }
    }

    /// A login succeeded: the address and this device are known for the account from now on.
    pub fn succeeded_from(&self, account: &str, address: IpAddr, device: &str) {
        self.succeeded(account, address);
        let Ok(mut s) = self.inner.lock() else { return };
        let key = (account.to_owned(), device.to_owned());
        s.by_device.remove(&key);
        if s.devices.len() < 1_000_000 {
            s.devices.insert(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_pair_is_refused_after_five_failures_and_forgiven_after_the_window() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..MAX_PER_PAIR {
            assert!(t.allowed_at("a@x.jp", ip("10.0.0.1"), now));
            t.failed_at("a@x.jp", ip("10.0.0.1"), now);
        }
        assert!(!t.allowed_at("a@x.jp", ip("10.0.0.1"), now));
        assert!(
            t.allowed_at("a@x.jp", ip("10.0.0.2"), now),
            "another address is not affected"
        );
        assert!(t.allowed_at("a@x.jp", ip("10.0.0.1"), now + WINDOW));
    }

    #[test]
    fn an_attack_from_many_addresses_does_not_lock_out_the_owner_from_a_known_address() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        t.succeeded("a@x.jp", ip("192.0.2.7"));
        for i in 0..MAX_PER_ACCOUNT {
            t.failed_at(
                "a@x.jp",
                IpAddr::from([198, 51, 100, u8::try_from(i % 250).unwrap()]),
                now,
            );
        }
        assert!(
            !t.allowed_at("a@x.jp", ip("203.0.113.9"), now),
            "unknown addresses are refused"
        );
        assert!(
            t.allowed_at("a@x.jp", ip("192.0.2.7"), now),
            "the owner's known address still may try"
        );
    }

    #[test]
    fn failures_behind_a_shared_address_do_not_lock_out_a_known_device() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        let office = ip("192.0.2.50");
        t.succeeded_from("a@x.jp", office, "device-of-a");
        for _ in 0..MAX_PER_PAIR {
            t.failed_from_at("a@x.jp", office, Some("someone-else"), now);
        }
        assert!(
            !t.allowed_from_at("a@x.jp", office, Some("someone-else"), now),
            "the guesser is stopped"
        );
        assert!(
            !t.allowed_from_at("a@x.jp", office, None, now),
            "so is a browser without a known device"
        );
        assert!(
            t.allowed_from_at("a@x.jp", office, Some("device-of-a"), now),
            "the owner's device still gets in"
        );
        for _ in 0..MAX_PER_PAIR {
            t.failed_from_at("a@x.jp", office, Some("device-of-a"), now);
        }
        assert!(
            !t.allowed_from_at("a@x.jp", office, Some("device-of-a"), now),
            "a known device has its own limit"
        );
    }

    #[test]
    fn one_address_spraying_accounts_is_refused() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..MAX_PER_ADDRESS {
            t.failed_at(&format!("u{i}@x.jp"), ip("10.9.9.9"), now);
        }
        assert!(!t.allowed_at("fresh@x.jp", ip("10.9.9.9"), now));
    }
}
