//! The command line. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// kyodo（協働）— 市民団体・企業・大学・行政の協働を、はじめから最後まで支えるサーバー。
#[derive(Debug, Parser)]
#[command(name = "kyodo", version)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand shares, so `serve`, `import` and `export` can point at the same data.
/// Precedence: built-in defaults < `kyodo.toml` < `KYODO_*` environment < flags.
#[derive(Debug, Args, Default, Clone)]
pub struct GlobalArgs {
    /// Configuration file (default: ./kyodo.toml if it exists).
    #[arg(long, env = "KYODO_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "KYODO_BIND", global = true)]
    pub bind: Option<String>,
    /// Directory for the SQLite database and other data (default ./data).
    #[arg(long, env = "KYODO_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Database URL: sqlite://… or postgres://… (default: an SQLite file in the data directory).
    #[arg(long, env = "KYODO_DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// The address people use to reach kyodo (for links in e-mail), e.g. https://kyodo.example.jp.
    #[arg(long, env = "KYODO_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// SMTP server for outgoing mail: smtp://host:25 (plain, e.g. a local relay),
    /// smtp://user:pass@host:587?tls=required (STARTTLS) or smtps://user:pass@host:465.
    /// Without it, mail waits in the outbox and invitation links are shown to the inviter.
    #[arg(long, env = "KYODO_SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender address of kyodo's mail.
    #[arg(long, env = "KYODO_MAIL_FROM", global = true)]
    pub mail_from: Option<String>,
    /// Mark cookies Secure: set when kyodo is reached over HTTPS (directly or behind a proxy).
    #[arg(long, env = "KYODO_SECURE_COOKIES", global = true, num_args = 0..=1, default_missing_value = "true")]
    pub secure_cookies: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (UI and JSON API). Migrates the database first.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Import organisations and listings from an interchange file (JSON Lines; `-` for stdin).
    Import(ImportArgs),
    /// Rebuild the search index (under the data directory) from the database.
    Reindex,
    /// Recompute the statistics and write the open data files (DATA_DIR/opendata) now; a running
    /// server serves the new files at once.
    Opendata,
    /// Export all organisations and listings in the interchange format.
    Export(ExportArgs),
    /// Write a consistent copy of the database while kyodo runs (SQLite: VACUUM INTO, checked;
    /// PostgreSQL: pg_dump).
    Backup {
        /// The file to write (must not exist).
        file: PathBuf,
    },
    /// Put a backup in place of the database (the server must be stopped); the search index is
    /// discarded and rebuilt on the next start. SQLite keeps the replaced file beside it.
    Restore {
        /// A file written by `kyodo backup`.
        file: PathBuf,
    },
    /// Administration: users, roles, tokens.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Generate realistic data files (for trying kyodo out, tests and benchmarks).
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// Measure kyodo on this machine, against a baseline measured in the same run.
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// A file in the national NPO registry's bulk CSV format (CP932), optionally zipped.
    NpoPortal(NpoPortalArgs),
    /// A synthetic interchange file: organisations with needs and offers (seeded, reproducible).
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[arg(long, default_value_t = 1000)]
    pub organizations: usize,
    #[arg(long, default_value_t = 2000)]
    pub listings: usize,
    #[arg(long, default_value_t = 2021)]
    pub seed: u64,
    /// Write here instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NpoPortalArgs {
    /// Number of 法人 (the whole country has about 60,000).
    #[arg(long, default_value_t = 60_000)]
    pub rows: usize,
    /// Seed, for a reproducible file.
    #[arg(long, default_value_t = 2021)]
    pub seed: u64,
    /// Write a ZIP like the published download instead of a bare CSV.
    #[arg(long)]
    pub zip: bool,
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Import speed: the national registry file and a large interchange file on SQLite, each
    /// against a bare bulk insert of the same rows.
    Import(BenchImportArgs),
    /// Search and matching latency at scale with concurrent clients, against the raw index query
    /// and a plain SQL LIKE search of the same rows; cold start and memory.
    Search(BenchSearchArgs),
    /// Many clients on loopback mixing page views, API reads and writes through a real server:
    /// requests/s, read and write p50/p99, errors, memory, each main page's throughput against an
    /// endpoint that does nothing, and write throughput against a bare insert of the same rows.
    Load(BenchLoadArgs),
    /// A survey's results page at few and at many responses (their ratio) and the CSV and XLSX exports of
    /// many, with the server's memory growth while it streams.
    Surveys(BenchSurveysArgs),
    /// Writing every open data file at scale (time against `kyodo export` of the same database,
    /// and the process's peak memory against the size of what it wrote).
    Opendata(BenchOpendataArgs),
}

#[derive(Debug, Args)]
pub struct BenchOpendataArgs {
    /// Organisations (a fifth of them companies).
    #[arg(long, default_value_t = 250_000)]
    pub organizations: usize,
    /// Listings.
    #[arg(long, default_value_t = 500_000)]
    pub listings: usize,
}

#[derive(Debug, Args)]
pub struct BenchSurveysArgs {
    /// Responses of the small survey.
    #[arg(long, default_value_t = 100)]
    pub small: usize,
    /// Responses of the large survey.
    #[arg(long, default_value_t = 10_000)]
    pub large: usize,
    /// Responses of the survey exported as CSV and as XLSX.
    #[arg(long, default_value_t = 100_000)]
    pub export: usize,
    /// Results pages fetched of each.
    #[arg(long, default_value_t = 50)]
    pub rounds: usize,
}

#[derive(Debug, Args)]
pub struct BenchLoadArgs {
    /// Concurrent clients.
    #[arg(long, default_value_t = 200)]
    pub clients: usize,
    /// Seconds of mixed load (writes only run for half as long after it).
    #[arg(long, default_value_t = 20.0)]
    pub seconds: f64,
    /// Share of requests that write, in percent.
    #[arg(long, default_value_t = 5)]
    pub write_percent: u32,
    #[arg(long, default_value_t = 2000)]
    pub organizations: usize,
    #[arg(long, default_value_t = 4000)]
    pub listings: usize,
    /// Seconds each page is measured alone.
    #[arg(long, default_value_t = 3.0)]
    pub page_seconds: f64,
    /// Quiet seconds after the load before memory is read again.
    #[arg(long, default_value_t = 60.0)]
    pub settle_seconds: f64,
    /// Run on PostgreSQL (a schema is created and dropped), e.g.
    /// `postgres://postgres@127.0.0.1:5432/postgres`. Without it, SQLite in a temporary directory.
    #[arg(long)]
    pub postgres_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct BenchSearchArgs {
    /// Civic groups.
    #[arg(long, default_value_t = 50_000)]
    pub civic: usize,
    /// Companies.
    #[arg(long, default_value_t = 200_000)]
    pub companies: usize,
    #[arg(long, default_value_t = 500_000)]
    pub listings: usize,
    /// Concurrent clients.
    #[arg(long, default_value_t = 8)]
    pub clients: usize,
    /// Requests per client, for each of search and matching.
    #[arg(long, default_value_t = 100)]
    pub requests: usize,
    /// A PostgreSQL server for the `ILIKE` + pg_trgm baseline (a schema is created and dropped),
    /// e.g. `postgres://postgres@127.0.0.1:5432/postgres`. Without it, only the SQLite baseline.
    #[arg(long)]
    pub baseline_database_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct BenchImportArgs {
    /// Registry rows (the whole country: about 60,000).
    #[arg(long, default_value_t = 60_000)]
    pub registry_rows: usize,
    /// Organisations in the interchange file.
    #[arg(long, default_value_t = 50_000)]
    pub organizations: usize,
    /// Listings in the interchange file.
    #[arg(long, default_value_t = 100_000)]
    pub listings: usize,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Load the guide's three case studies as demo data (idempotent).
    #[arg(long)]
    pub demo: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to read, or `-` for standard input.
    pub file: String,
    /// `interchange` (kyodo's JSON Lines) or `npo-portal` (the national NPO registry's CSV or ZIP).
    #[arg(long, default_value = "interchange")]
    pub format: String,
    /// With `npo-portal`: keep only 法人 of this prefecture, e.g. 山口県.
    #[arg(long)]
    pub prefecture: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a user. The password is read from a prompt, or from standard input when piped.
    CreateUser(CreateUserArgs),
    /// Create a personal access token for a user and print it (once).
    CreateToken(CreateTokenArgs),
    /// Change a user's site role (user, coordinator, admin).
    SetRole(SetRoleArgs),
}

#[derive(Debug, Args)]
pub struct CreateUserArgs {
    #[arg(long)]
    pub email: String,
    /// Display name (default: the part of the e-mail before @).
    #[arg(long)]
    pub name: Option<String>,
    /// Make the user an administrator.
    #[arg(long, conflicts_with = "coordinator")]
    pub admin: bool,
    /// Make the user a coordinator (support-centre staff).
    #[arg(long)]
    pub coordinator: bool,
}

#[derive(Debug, Args)]
pub struct CreateTokenArgs {
    #[arg(long)]
    pub email: String,
    /// A name that says what the token is for.
    #[arg(long, default_value = "cli")]
    pub name: String,
    /// `read` (GET requests only) or `write`.
    #[arg(long, default_value = "write")]
    pub scope: String,
    /// Days until the token expires (1–365).
    #[arg(long, default_value_t = kyodo_domain::account::TOKEN_DAYS_DEFAULT)]
    pub days: i64,
}

#[derive(Debug, Args)]
pub struct SetRoleArgs {
    #[arg(long)]
    pub email: String,
    /// user, coordinator or admin
    #[arg(long)]
    pub role: String,
    /// For a coordinator: the number of the support centre (an organisation of kind
    /// support_center) they work for.
    #[arg(long)]
    pub centre: Option<i64>,
}
