//! Memory the server freed goes back to the system. glibc's allocator keeps
//! freed memory for reuse; after a burst (200 connections closing at once,
//! each render's buffers freed together) the freed pages stay resident,
//! scattered between live allocations, and the process looks 10-15 %
//! bigger than what it holds (`scripts/bench-load`: 178 -> 203 MiB at the
//! end of the mix; `malloc_trim` brought it back to 180 MiB, so it was not
//! held, only kept). Every `EVERY` the allocator is asked to return what is
//! free. Elsewhere (musl, other systems) this does nothing.

use std::time::Duration;

const EVERY: Duration = Duration::from_secs(10);

/// Returns freed memory every `EVERY` until `stop` resolves.
pub async fn give_back(stop: impl std::future::Future<Output = ()>) {
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => return,
            () = tokio::time::sleep(EVERY) => {}
        }
        // It walks the heaps: off the request threads.
        let _ = tokio::task::spawn_blocking(trim).await;
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn trim() {
    // SAFETY: malloc_trim takes a pad size, touches only the allocator's
    // own free lists (under their locks) and is safe to call at any time
    // from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}
