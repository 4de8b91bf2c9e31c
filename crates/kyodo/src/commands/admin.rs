use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use anyhow::{Context, bail};
use kyodo_domain::account::{Email, Password, SiteRole};

use super::open_store;
use crate::cli::{CreateTokenArgs, CreateUserArgs, SetRoleArgs};
use crate::config::Config;

/// Reads a password: twice at a prompt on a terminal, else one line from standard input.
/// Never from a flag, where it would end up in shell history and process lists.
fn read_password(email: &Email) -> anyhow::Result<Password> {
    let raw = if std::io::stdin().is_terminal() {
        let a = rpassword::prompt_password("パスワード: ")?;
        let b = rpassword::prompt_password("パスワード（確認）: ")?;
        if a != b {
            bail!("パスワードが一致しません");
        }
        a
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("標準入力からパスワードを読めません")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    Password::parse("password", &raw, Some(email)).map_err(|e| anyhow::anyhow!(e.message))
}

pub async fn create_user(config: &Config, args: &CreateUserArgs) -> anyhow::Result<ExitCode> {
    let email = Email::parse("email", &args.email).map_err(|e| anyhow::anyhow!(e.message))?;
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| email.as_str().split('@').next().unwrap_or_default().to_owned());
    let name = kyodo_domain::text::required("name", "表示名", &name, 50).map_err(|e| anyhow::anyhow!(e.message))?;
    let role = if args.admin {
        SiteRole::Admin
    } else if args.coordinator {
        SiteRole::Coordinator
    } else {
        SiteRole::User
    };
    let pw = read_password(&email)?;
    let store = open_store(config).await?;
    let app = super::offline_app(config, store.clone())?;
    let new = kyodo_domain::account::NewAccount {
        email: email.clone(),
        display_name: name,
        password: pw,
    };
    let result = kyodo_app::accounts::register(&app, &new, role).await;
    store.close().await;
    match result {
        Ok(id) => {
            println!("ユーザーを作成しました: {email}（id {id}、権限 {}）", role.label_ja());
            Ok(ExitCode::SUCCESS)
        }
        Err(kyodo_app::Error::Conflict { .. }) => bail!("{email} は既に登録されています"),
        Err(e) => Err(e.into()),
    }
}

pub async fn create_token(config: &Config, args: &CreateTokenArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(config).await?;
    let app = super::offline_app(config, store.clone())?;
    let input = kyodo_app::tokens::TokenInput {
        name: args.name.clone(),
        scope: args.scope.clone(),
        expires_in_days: Some(args.days),
    };
    let issued = kyodo_app::tokens::issue_for(&app, &args.email, &input).await;
    store.close().await;
    let issued = match issued {
        Ok(t) => t,
        Err(kyodo_app::Error::Invalid(e)) => {
            let messages: Vec<&str> = e.0.iter().map(|f| f.message.as_str()).collect();
            bail!("{}", messages.join(" / "))
        }
        Err(e) => return Err(e.into()),
    };
    // Only the token on stdout, so scripts can capture it: TOKEN=$(kyodo admin create-token …)
    println!("{}", issued.secret);
    Ok(ExitCode::SUCCESS)
}

pub async fn set_role(config: &Config, args: &SetRoleArgs) -> anyhow::Result<ExitCode> {
    let email = Email::parse("email", &args.email).map_err(|e| anyhow::anyhow!(e.message))?;
    let Some(role) = SiteRole::parse(args.role.trim()) else {
        bail!("権限「{}」は不明です（user、coordinator、admin のいずれか）", args.role);
    };
    let store = open_store(config).await?;
    let app = super::offline_app(config, store.clone())?;
    let centre = args.centre.map(kyodo_domain::ids::OrgId::new);
    let result = kyodo_app::accounts::set_role(&app, &email, role, centre).await;
    store.close().await;
    match result {
        Ok(()) => {}
        Err(kyodo_app::Error::NotFound) => bail!("{email} のユーザーはいません"),
        Err(kyodo_app::Error::Invalid(e)) => {
            bail!(
                "{}",
                e.0.iter().map(|x| x.message.as_str()).collect::<Vec<_>>().join(" / ")
            )
        }
        Err(kyodo_app::Error::Conflict { detail, .. }) => bail!("{detail}"),
        Err(e) => return Err(e.into()),
    }
    println!("{email} の権限を{}にしました", role.label_ja());
    Ok(ExitCode::SUCCESS)
}
