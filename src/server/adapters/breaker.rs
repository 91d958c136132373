//! A circuit breaker around an outside service (the model, Paymob): after `threshold` consecutive
//! failures it opens and the offline assistant answers; after `cooldown` one
//! trial call is let through (half-open); its success closes the breaker,
//! its failure opens it again. The state is in `/readyz` and in the
//! `llm_circuit_state` gauge (0 closed, 1 half-open, 2 open).
//!
//! The state is per instance on purpose: each instance sees the model's
//! failures itself, and a model that is down for one is down for all.

use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakerState {
    Closed,
    HalfOpen,
    Open,
}

impl BreakerState {
    pub fn code(self) -> &'static str {
        match self {
            BreakerState::Closed => "closed",
            BreakerState::HalfOpen => "half_open",
            BreakerState::Open => "open",
        }
    }

    fn gauge(self) -> f64 {
        match self {
            BreakerState::Closed => 0.0,
            BreakerState::HalfOpen => 1.0,
            BreakerState::Open => 2.0,
        }
    }
}

#[derive(Debug)]
struct Inner {
    failures: u32,
    opened_at: Option<Instant>,
    /// A trial call is in flight (half-open).
    trial: bool,
}

#[derive(Debug)]
pub struct Breaker {
    /// The service, for logs; its gauge is `<name>_circuit_state`.
    name: &'static str,
    gauge: &'static str,
    threshold: u32,
    cooldown: Duration,
    inner: Mutex<Inner>,
}

impl Breaker {
    /// The model's breaker.
    pub fn new(threshold: u32, cooldown: Duration) -> Breaker {
        Breaker::named("llm", threshold, cooldown)
    }

    /// A breaker for `name` ("llm", "paymob"), with its gauge.
    pub fn named(name: &'static str, threshold: u32, cooldown: Duration) -> Breaker {
        let gauge = match name {
            "paymob" => "paymob_circuit_state",
            _ => "llm_circuit_state",
        };
        metrics::gauge!(gauge).set(0.0);
        Breaker {
            name,
            gauge,
            threshold: threshold.max(1),
            cooldown,
            inner: Mutex::new(Inner { failures: 0, opened_at: None, trial: false }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn state(&self) -> BreakerState {
        self.state_at(Instant::now())
    }

    pub fn state_at(&self, now: Instant) -> BreakerState {
        let inner = self.lock();
        match inner.opened_at {
            None => BreakerState::Closed,
            Some(_) if inner.trial => BreakerState::HalfOpen,
            Some(at) if now.duration_since(at) >= self.cooldown => BreakerState::HalfOpen,
            Some(_) => BreakerState::Open,
        }
    }

    /// Whether a call may go to the model now.
    pub fn allow(&self) -> bool {
        self.allow_at(Instant::now())
    }

    pub fn allow_at(&self, now: Instant) -> bool {
        let mut inner = self.lock();
        match inner.opened_at {
            None => true,
            Some(at) if !inner.trial && now.duration_since(at) >= self.cooldown => {
                inner.trial = true;
                metrics::gauge!(self.gauge).set(BreakerState::HalfOpen.gauge());
                tracing::info!(dependency = self.name, "circuit half-open: trying one call");
                true
            }
            Some(_) => false,
        }
    }

    pub fn success(&self) {
        let mut inner = self.lock();
        if inner.opened_at.is_some() {
            tracing::info!(dependency = self.name, "circuit closed: it answers again");
        }
        *inner = Inner { failures: 0, opened_at: None, trial: false };
        metrics::gauge!(self.gauge).set(BreakerState::Closed.gauge());
    }

    pub fn failure(&self) {
        self.failure_at(Instant::now());
    }

    pub fn failure_at(&self, now: Instant) {
        let mut inner = self.lock();
        inner.failures = inner.failures.saturating_add(1);
        let reopen = inner.trial || (inner.opened_at.is_none() && inner.failures >= self.threshold);
        if reopen {
            tracing::warn!(
                dependency = self.name,
                failures = inner.failures,
                cooldown_secs = self.cooldown.as_secs(),
                "circuit open: calls paused (the model's: the offline assistant answers)"
            );
            inner.opened_at = Some(now);
            inner.trial = false;
            metrics::gauge!(self.gauge).set(BreakerState::Open.gauge());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_three_failures_then_half_opens_after_the_cooldown() {
        let b = Breaker::new(3, Duration::from_secs(30));
        let t0 = Instant::now();
        assert!(b.allow_at(t0));
        b.failure_at(t0);
        b.failure_at(t0);
        assert_eq!(b.state_at(t0), BreakerState::Closed);
        b.failure_at(t0);
        assert_eq!(b.state_at(t0), BreakerState::Open);
        assert!(!b.allow_at(t0 + Duration::from_secs(29)));
        // Half-open: one trial, nobody else.
        let t30 = t0 + Duration::from_secs(30);
        assert_eq!(b.state_at(t30), BreakerState::HalfOpen);
        assert!(b.allow_at(t30));
        assert!(!b.allow_at(t30));
        // The trial fails: open again for another cooldown.
        b.failure_at(t30);
        assert_eq!(b.state_at(t30 + Duration::from_secs(1)), BreakerState::Open);
        assert!(!b.allow_at(t30 + Duration::from_secs(29)));
        let t60 = t30 + Duration::from_secs(30);
        assert!(b.allow_at(t60));
        // The trial succeeds: closed, failures forgotten.
        b.success();
        assert_eq!(b.state_at(t60), BreakerState::Closed);
        b.failure_at(t60);
        b.failure_at(t60);
        assert_eq!(b.state_at(t60), BreakerState::Closed);
    }

    #[test]
    fn a_success_resets_the_count() {
        let b = Breaker::new(3, Duration::from_secs(30));
        let t = Instant::now();
        b.failure_at(t);
        b.failure_at(t);
        b.success();
        b.failure_at(t);
        b.failure_at(t);
        assert_eq!(b.state_at(t), BreakerState::Closed);
    }
}
