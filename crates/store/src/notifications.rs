//! Notifications: written for the members of the organisations concerned (never the person who
//! acted), in the app and as outbox mail, each as that person's settings allow.

use sqlx::Row;

use crate::{Result, Store};

/// The kinds a person can turn off, with their Japanese names.
pub const NOTIFICATION_KINDS: [(&str, &str); 13] = [
    ("share", "企画書の共有"),
    ("comment", "企画書へのコメント"),
    ("collaboration", "協働の記録と合意の確認"),
    ("verification", "団体の確認の結果"),
    ("meeting", "定例会の予定"),
    ("minutes", "議事録の承認のお願い"),
    ("item", "宿題の割り当て"),
    ("coordinator", "コーディネーターとしての招待"),
    ("site_role", "サイトでの役割（コーディネーター・管理者）"),
    ("survey", "アンケートの回答受付と締切"),
    ("evaluation", "評価（ふりかえり・第三者意見・成果）"),
    ("case", "協働事例の公開の承認"),
    ("centre_request", "支援センターへの相談"),
];

#[derive(Debug, Clone)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub text: String,
    pub link: String,
    pub created_at: i64,
    pub read: bool,
}

/// A notification for the members of some organisations, and for some people by name.
#[derive(Debug, Clone, Copy)]
pub struct NewNotification<'a> {
    pub organizations: &'a [i64],
    /// People told whether or not they belong to one of the organisations (a coordinator).
    pub people: &'a [i64],
    /// The person who acted (never notified of their own act); 0 for the system.
    pub actor: i64,
    pub kind: &'a str,
    pub text: &'a str,
    /// A path inside kyodo; mail carries it after `public_url`.
    pub link: &'a str,
}

impl Store {
    /// Notifies every member of `n.organizations` and everyone in `n.people`, except the actor,
    /// in one transaction.
    pub async fn notify(&self, n: &NewNotification<'_>, public_url: &str, now: i64) -> Result<usize> {
        let NewNotification {
            organizations,
            people,
            actor,
            kind,
            text,
            link,
        } = *n;
        if organizations.is_empty() && people.is_empty() {
            return Ok(0);
        }
        let ids = |v: &[i64]| {
            v.iter()
                .map(i64::to_string)
                .chain(["0".into()])
                .collect::<Vec<_>>()
                .join(",")
        };
        let (list, persons) = (ids(organizations), ids(people));
        let mut tx = self.write.begin().await?;
        // Built from integers only. Settings default to on.
        let rows = sqlx::query(&format!(
            "SELECT DISTINCT u.id, u.email, COALESCE(s.in_app, 1) AS in_app, COALESCE(s.email, 1) AS by_email \
             FROM users u \
             LEFT JOIN notification_settings s ON s.user_id = u.id AND s.kind = $1 \
             WHERE (u.id IN (SELECT user_id FROM memberships WHERE organization_id IN ({list})) \
                    OR u.id IN ({persons})) AND u.id <> $2"
        ))
        .bind(kind)
        .bind(actor)
        .fetch_all(&mut *tx)
        .await?;
        let mut sent = 0;
        for r in &rows {
            let user: i64 = r.try_get("id")?;
            if r.try_get::<i64, _>("in_app")? == 1 {
                sqlx::query(
                    "INSERT INTO notifications (user_id, kind, text, link, created_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(user)
                .bind(kind)
                .bind(text)
                .bind(link)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sent += 1;
            }
            if r.try_get::<i64, _>("by_email")? == 1 {
                let email: String = r.try_get("email")?;
                let body = format!(
                    "{text}\n\n{public_url}{link}\n\n（このお知らせは kyodo の設定でいつでも止められます：{public_url}/notifications）"
                );
                sqlx::query("INSERT INTO outbox (to_email, subject, body, created_at) VALUES ($1, $2, $3, $4)")
                    .bind(&email)
                    .bind(format!("[kyodo] {text}"))
                    .bind(&body)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(sent)
    }

    pub async fn notifications(&self, user_id: i64, limit: i64) -> Result<Vec<Notification>> {
        sqlx::query(
            "SELECT id, kind, text, link, created_at, read_at FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(Notification {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                text: r.try_get("text")?,
                link: r.try_get("link")?,
                created_at: r.try_get("created_at")?,
                read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
            })
        })
        .collect()
    }

    pub async fn unread_notifications(&self, user_id: i64) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
                .bind(user_id)
                .fetch_one(&self.read)
                .await?,
        )
    }

    /// Marks one of the person's notifications read and gives where it leads; `None` when it is
    /// not theirs (or does not exist).
    pub async fn open_notification(&self, user_id: i64, id: i64, now: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING link",
        )
        .bind(id)
        .bind(user_id)
        .bind(now)
        .fetch_optional(&self.write)
        .await?)
    }

    pub async fn mark_notifications_read(&self, user_id: i64, now: i64) -> Result<()> {
        sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id)
            .bind(now)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// (kind, in app, by e-mail) for every kind.
    pub async fn notification_settings(&self, user_id: i64) -> Result<Vec<(&'static str, bool, bool)>> {
        let rows = sqlx::query("SELECT kind, in_app, email FROM notification_settings WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&self.read)
            .await?;
        NOTIFICATION_KINDS
            .iter()
            .map(|(kind, _)| {
                let found = rows
                    .iter()
                    .find(|r| r.try_get::<String, _>("kind").is_ok_and(|k| k == *kind));
                Ok(match found {
                    Some(r) => (
                        *kind,
                        r.try_get::<i64, _>("in_app")? == 1,
                        r.try_get::<i64, _>("email")? == 1,
                    ),
                    None => (*kind, true, true),
                })
            })
            .collect()
    }

    /// Saves every kind's settings at once.
    pub async fn set_notification_settings(&self, user_id: i64, settings: &[(&str, bool, bool)]) -> Result<()> {
        let mut tx = self.write.begin().await?;
        for (kind, in_app, email) in settings {
            sqlx::query(
                "INSERT INTO notification_settings (user_id, kind, in_app, email) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (user_id, kind) DO UPDATE SET in_app = excluded.in_app, email = excluded.email",
            )
            .bind(user_id)
            .bind(*kind)
            .bind(i64::from(*in_app))
            .bind(i64::from(*email))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
