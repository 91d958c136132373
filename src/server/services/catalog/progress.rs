//! A progress line on stderr for long runs: done/total, rate and ETA,
//! redrawn in place on a terminal and printed every few seconds otherwise.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Progress {
    label: &'static str,
    total: usize,
    done: usize,
    started: Instant,
    last_drawn: Option<Instant>,
    terminal: bool,
    enabled: bool,
}

impl Progress {
    pub fn new(label: &'static str, total: usize, enabled: bool) -> Progress {
        Progress {
            label,
            total,
            done: 0,
            started: Instant::now(),
            last_drawn: None,
            terminal: std::io::stderr().is_terminal(),
            enabled,
        }
    }

    pub fn advance(&mut self, n: usize) {
        self.done = (self.done + n).min(self.total);
        let every = if self.terminal { Duration::from_millis(100) } else { Duration::from_secs(5) };
        if self.last_drawn.is_none_or(|t| t.elapsed() >= every) || self.done == self.total {
            self.draw();
        }
    }

    pub fn finish(&mut self) {
        self.draw();
        if self.enabled && self.terminal {
            eprintln!();
        }
    }

    fn draw(&mut self) {
        self.last_drawn = Some(Instant::now());
        if !self.enabled {
            return;
        }
        let line = render(self.label, self.done, self.total, self.started.elapsed());
        let mut err = std::io::stderr().lock();
        let _ = if self.terminal { write!(err, "\r{line}\x1b[K") } else { writeln!(err, "{line}") };
        let _ = err.flush();
    }
}

fn render(label: &str, done: usize, total: usize, elapsed: Duration) -> String {
    const WIDTH: usize = 28;
    let fraction = if total == 0 { 1.0 } else { done as f64 / total as f64 };
    let filled = (fraction * WIDTH as f64).round() as usize;
    let rate = done as f64 / elapsed.as_secs_f64().max(0.001);
    let eta = if done == 0 || rate <= 0.0 { None } else { Some((total - done) as f64 / rate) };
    format!(
        "{label} [{}{}] {done}/{total} {:>3.0}%  {rate:.0}/s  ETA {}",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        fraction * 100.0,
        eta.map_or_else(|| "--".to_owned(), |s| format!("{s:.0}s")),
    )
}

#[cfg(test)]
mod tests {
    use super::render;
    use std::time::Duration;

    #[test]
    fn shows_rate_and_time_left() {
        let line = render("ingest", 500, 1000, Duration::from_secs(5));
        assert!(line.contains("500/1000"), "{line}");
        assert!(line.contains(" 50%"), "{line}");
        assert!(line.contains("100/s"), "{line}");
        assert!(line.contains("ETA 5s"), "{line}");
    }
}
