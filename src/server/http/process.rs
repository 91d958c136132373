//! Process metrics in Prometheus text format, read from `/proc/self` (Linux;
//! elsewhere the section is empty): CPU time, memory, open files, threads and
//! start time, under the names the Prometheus client libraries use.

use std::fmt::Write;

pub fn render() -> String {
    let mut out = String::new();
    let Some(stat) = read_stat() else { return out };
    let ticks = 100.0; // USER_HZ on Linux
    let page_size = 4096.0;
    let boot_time = read_boot_time().unwrap_or(0.0);
    gauge(
        &mut out,
        "process_cpu_seconds_total",
        "counter",
        "Total user and system CPU time spent in seconds.",
        (stat.utime + stat.stime) as f64 / ticks,
    );
    gauge(
        &mut out,
        "process_resident_memory_bytes",
        "gauge",
        "Resident memory size in bytes.",
        stat.rss_pages as f64 * page_size,
    );
    gauge(
        &mut out,
        "process_virtual_memory_bytes",
        "gauge",
        "Virtual memory size in bytes.",
        stat.vsize as f64,
    );
    gauge(&mut out, "process_threads", "gauge", "Number of OS threads in the process.", stat.threads as f64);
    gauge(
        &mut out,
        "process_start_time_seconds",
        "gauge",
        "Start time of the process since unix epoch in seconds.",
        boot_time + stat.start_ticks as f64 / ticks,
    );
    if let Ok(entries) = std::fs::read_dir("/proc/self/fd") {
        gauge(
            &mut out,
            "process_open_fds",
            "gauge",
            "Number of open file descriptors.",
            entries.count() as f64,
        );
    }
    out
}

fn gauge(out: &mut String, name: &str, kind: &str, help: &str, value: f64) {
    let _ = write!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}\n");
}

struct Stat {
    utime: u64,
    stime: u64,
    threads: u64,
    start_ticks: u64,
    vsize: u64,
    rss_pages: u64,
}

fn read_stat() -> Option<Stat> {
    let raw = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name may contain spaces; fields resume after its ')'.
    let rest = raw.get(raw.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Field numbers from proc(5), minus the two before the name's end.
    let field = |n: usize| fields.get(n - 3).and_then(|f| f.parse::<u64>().ok());
    Some(Stat {
        utime: field(14)?,
        stime: field(15)?,
        threads: field(20)?,
        start_ticks: field(22)?,
        vsize: field(23)?,
        rss_pages: field(24)?,
    })
}

fn read_boot_time() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    stat.lines().find_map(|line| line.strip_prefix("btime ")).and_then(|v| v.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_the_standard_process_metrics() {
        let text = super::render();
        for name in [
            "process_cpu_seconds_total",
            "process_resident_memory_bytes",
            "process_open_fds",
            "process_start_time_seconds",
        ] {
            assert!(text.contains(&format!("# TYPE {name}")), "{name} missing from:\n{text}");
        }
        let rss_line = text.lines().find(|l| l.starts_with("process_resident_memory_bytes ")).unwrap();
        let rss: f64 = rss_line.split(' ').nth(1).unwrap().parse().unwrap();
        assert!(rss > 1_000_000.0, "a running test process uses more than 1 MB: {rss}");
    }
}
