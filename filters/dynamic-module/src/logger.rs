//! `log` records go to Envoy's logger (the `dynamic_modules` component), so they follow Envoy's
//! log level and format like the wasm build's `log` output does.

use crate::abi::log_level;
use crate::envoy;

struct EnvoyLogger;

fn level(level: log::Level) -> u32 {
    match level {
        log::Level::Error => log_level::ERROR,
        log::Level::Warn => log_level::WARN,
        log::Level::Info => log_level::INFO,
        log::Level::Debug => log_level::DEBUG,
        log::Level::Trace => log_level::TRACE,
    }
}

impl log::Log for EnvoyLogger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        envoy::log_enabled(level(metadata.level()))
    }

    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            envoy::log(level(record.level()), &record.args().to_string());
        }
    }

    fn flush(&self) {}
}

static LOGGER: EnvoyLogger = EnvoyLogger;

/// Installs the logger once per process. The `log` max level is set from what Envoy has enabled
/// now, so disabled records are not even formatted (`enabled` still asks Envoy per record).
pub fn install() {
    if log::set_logger(&LOGGER).is_ok() {
        let max = [
            (log::LevelFilter::Trace, log_level::TRACE),
            (log::LevelFilter::Debug, log_level::DEBUG),
            (log::LevelFilter::Info, log_level::INFO),
            (log::LevelFilter::Warn, log_level::WARN),
            (log::LevelFilter::Error, log_level::ERROR),
        ]
        .into_iter()
        .find(|(_, l)| envoy::log_enabled(*l))
        .map_or(log::LevelFilter::Off, |(f, _)| f);
        log::set_max_level(max);
    }
}
