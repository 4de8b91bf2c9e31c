//! The stages of a collaboration, in the guide's order (Actions I–IV), and which moves are allowed.
//! Moves go forward one stage at a time or back to any earlier stage (plans change); 見送り
//! (declined) can be chosen at any time, with a reason, and reopened later. Entering 実施 needs a
//! confirmed agreement: the guide asks that roles, targets and how they are checked are agreed
//! before the start.

use crate::errors::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Theme,
    Partner,
    Proposal,
    Negotiation,
    Agreement,
    Running,
    Evaluation,
    Completed,
    Declined,
}

impl Stage {
    /// The path, in order (見送り stands apart).
    pub const PATH: [Self; 8] = [
        Self::Theme,
        Self::Partner,
        Self::Proposal,
        Self::Negotiation,
        Self::Agreement,
        Self::Running,
        Self::Evaluation,
        Self::Completed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Theme => "theme",
            Self::Partner => "partner",
            Self::Proposal => "proposal",
            Self::Negotiation => "negotiation",
            Self::Agreement => "agreement",
            Self::Running => "running",
            Self::Evaluation => "evaluation",
            Self::Completed => "completed",
            Self::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::PATH.into_iter().chain([Self::Declined]).find(|x| x.as_str() == s)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Theme => "テーマ設定",
            Self::Partner => "相手・形態の検討",
            Self::Proposal => "企画書作成",
            Self::Negotiation => "提案・交渉",
            Self::Agreement => "合意",
            Self::Running => "実施",
            Self::Evaluation => "評価",
            Self::Completed => "完了",
            Self::Declined => "見送り",
        }
    }

    /// What the parties do next at this stage, in the guide's words (its four actions); `None`
    /// once the collaboration is over.
    pub fn next_step_ja(self) -> Option<&'static str> {
        Some(match self {
            Self::Theme => "協働のテーマを決め、パートナー候補を探す（アクションⅠ）",
            Self::Partner => "相手と協働の形態を決め、企画書を書く（アクションⅡ）",
            Self::Proposal => "企画書を相手に共有して提案する（アクションⅢ）",
            Self::Negotiation => "相手の意見を聞いて企画を直し、合意（協定）の案を作る（アクションⅢ）",
            Self::Agreement => "すべての団体が合意を確認し、実施に進む",
            Self::Running => "定例会で進み具合を確かめ、指標の実績を記録する（アクションⅣ）",
            Self::Evaluation => "成果を評価し、振り返りをまとめる（アクションⅣ）",
            Self::Completed | Self::Declined => return None,
        })
    }

    fn position(self) -> Option<usize> {
        Self::PATH.iter().position(|s| *s == self)
    }
}

/// A move to another stage, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct StageInput {
    pub stage: String,
    pub reason: String,
}

/// What a move needs to know besides the two stages.
#[derive(Debug, Clone, Default)]
pub struct MoveContext {
    /// Every party has confirmed the current agreement.
    pub agreement_confirmed: bool,
    /// Why (required for 見送り).
    pub reason: String,
}

/// Checks a move from `from` to `to`; the error names the `stage` or `reason` field.
pub fn check_move(from: Stage, to: Stage, ctx: &MoveContext) -> Result<(), FieldError> {
    if from == to {
        return Err(FieldError::new(
            "stage",
            "same_stage",
            format!("すでに「{}」です。", to.label_ja()),
        ));
    }
    if to == Stage::Declined {
        if ctx.reason.trim().is_empty() {
            return Err(FieldError::new("reason", "required", "見送る理由を入力してください。"));
        }
        return Ok(());
    }
    if from == Stage::Declined {
        // Reopened: back to any stage before 実施.
        return if to <= Stage::Agreement {
            Ok(())
        } else {
            Err(FieldError::new(
                "stage",
                "invalid_move",
                "見送った協働は「合意」までのどこかから再開してください。",
            ))
        };
    }
    let (Some(f), Some(t)) = (from.position(), to.position()) else {
        return Err(FieldError::new("stage", "invalid_move", "その段階には進めません。"));
    };
    if t > f + 1 {
        return Err(FieldError::new(
            "stage",
            "skipped_stage",
            format!(
                "段階は一つずつ進めます。次は「{}」です。",
                Stage::PATH[f + 1].label_ja()
            ),
        ));
    }
    if to == Stage::Running && !ctx.agreement_confirmed {
        return Err(FieldError::new(
            "stage",
            "agreement_not_confirmed",
            "「実施」に進むには、すべての団体が確認した合意（役割分担・目標・評価の方法）が必要です。",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(from: Stage, to: Stage) -> bool {
        check_move(from, to, &MoveContext::default()).is_ok()
    }

    #[test]
    fn forward_one_at_a_time_back_anywhere() {
        assert!(ok(Stage::Theme, Stage::Partner));
        assert!(ok(Stage::Negotiation, Stage::Agreement));
        assert!(ok(Stage::Agreement, Stage::Theme));
        assert_eq!(
            check_move(Stage::Theme, Stage::Proposal, &MoveContext::default())
                .unwrap_err()
                .code,
            "skipped_stage"
        );
        assert_eq!(
            check_move(Stage::Theme, Stage::Theme, &MoveContext::default())
                .unwrap_err()
                .code,
            "same_stage"
        );
    }

    #[test]
    fn running_needs_a_confirmed_agreement_and_declining_a_reason() {
        let e = check_move(Stage::Agreement, Stage::Running, &MoveContext::default()).unwrap_err();
        assert_eq!(e.code, "agreement_not_confirmed");
        let confirmed = MoveContext {
            agreement_confirmed: true,
            ..MoveContext::default()
        };
        assert!(check_move(Stage::Agreement, Stage::Running, &confirmed).is_ok());
        assert_eq!(
            check_move(Stage::Negotiation, Stage::Declined, &MoveContext::default())
                .unwrap_err()
                .field,
            "reason"
        );
        let why = MoveContext {
            reason: "今年度は予算が確保できない".into(),
            ..MoveContext::default()
        };
        assert!(check_move(Stage::Negotiation, Stage::Declined, &why).is_ok());
        assert!(ok(Stage::Declined, Stage::Negotiation));
        assert!(!ok(Stage::Declined, Stage::Running));
        for s in Stage::PATH.into_iter().chain([Stage::Declined]) {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
    }
}
