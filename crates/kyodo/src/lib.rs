//! kyodo (協働): one binary — `serve`, `migrate`, `import`, `export`, `admin …`.

pub mod cli;
mod commands;
pub mod config;
pub mod mail;

use std::process::ExitCode;

use cli::{AdminCommand, BenchCommand, Cli, Command, DemoCommand};

/// Runs one command; every failure ends as a single clear line and a non-zero exit.
pub fn run(cli: Cli) -> ExitCode {
    let config = match config::Config::resolve(&cli.global) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("kyodo: 設定エラー: {e}");
            return ExitCode::from(2);
        }
    };
    init_tracing(matches!(cli.command, Command::Serve(_)));
    // Blocking work (searches, image decodes, document builds) is CPU-bound: a few threads beyond
    // the cores serve it as fast as hundreds would, without each new thread's stack and
    // allocator arena staying resident after a burst.
    let blocking = std::thread::available_parallelism().map_or(4, |n| n.get() * 4);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(blocking)
        .thread_keep_alive(std::time::Duration::from_secs(10))
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kyodo: 起動できません: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => commands::serve::run(&config, &args).await,
            Command::Migrate => commands::migrate(&config).await,
            Command::Reindex => commands::search::reindex(&config).await,
            Command::Opendata => commands::opendata::run(&config).await,
            Command::Backup { file } => commands::backup::backup(&config, &file).await,
            Command::Restore { file } => commands::backup::restore(&config, &file).await,
            Command::Import(args) => commands::interchange::import(&config, &args).await,
            Command::Export(args) => commands::interchange::export(&config, &args).await,
            Command::Demo {
                command: DemoCommand::NpoPortal(args),
            } => commands::demo::npo_portal(&args),
            Command::Demo {
                command: DemoCommand::Generate(args),
            } => commands::demo::generate(&args),
            Command::Bench {
                command: BenchCommand::Search(args),
            } => commands::bench_search::run(&args).await,
            Command::Bench {
                command: BenchCommand::Load(args),
            } => commands::bench_load::run(&args).await,
            Command::Bench {
                command: BenchCommand::Surveys(args),
            } => commands::bench_surveys::run(&args).await,
            Command::Bench {
                command: BenchCommand::Opendata(args),
            } => commands::bench_opendata::run(&args).await,
            Command::Bench {
                command: BenchCommand::Import(args),
            } => commands::bench::import(&args).await,
            Command::Admin { command } => match command {
                AdminCommand::CreateUser(args) => commands::admin::create_user(&config, &args).await,
                AdminCommand::CreateToken(args) => commands::admin::create_token(&config, &args).await,
                AdminCommand::SetRole(args) => commands::admin::set_role(&config, &args).await,
            },
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kyodo: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(serving: bool) {
    let default = if serving {
        "info,sqlx=warn,tantivy=warn,tower_http=info"
    } else {
        "warn"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("KYODO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
