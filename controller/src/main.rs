//! `llm-filters-controller`: see `controller::cli`.

use clap::Parser;

#[tokio::main]
async fn main() {
    let cli = controller::cli::Cli::parse();
    if let Err(e) = controller::cli::main(cli).await {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
