//! Open data (オープンデータ): the datasets kyodo publishes, each with its codebook, and the rows
//! made from public information only — organisations' public profile fields, open listings,
//! published cases and the (already suppressed) statistics. Never a contact person, an address
//! finer than the municipality, e-mail, telephone, private notes or survey answers: the row types
//! below have no field for them, so no code path can put one in a file.

mod rows;

pub use rows::{OpenListing, OpenOrganization, case_row, listing_row, organization_row};

use crate::catalog::catalog;

/// The licence every dataset is published under, and how to credit it.
pub const LICENCE: &str = "公共データ利用規約（第1.0版）（PDL1.0）";
pub const LICENCE_URL: &str = "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0";
pub const LICENCE_NOTE: &str = "PDL1.0 はクリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）と互換性があり、出典を記載すれば商用を含め自由に複製・加工・再配布できます。";

/// The attribution to show with the data or anything made from it.
pub fn attribution(site: &str) -> String {
    format!("出典：kyodo（{site}）のオープンデータ（{LICENCE}）を加工して作成")
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub key: &'static str,
    pub name: &'static str,
    pub meaning: &'static str,
    /// 「文字列」「整数」「日付（YYYY-MM-DD）」…
    pub kind: &'static str,
    pub example: &'static str,
}

const fn col(
    key: &'static str,
    name: &'static str,
    meaning: &'static str,
    kind: &'static str,
    example: &'static str,
) -> Column {
    Column {
        key,
        name,
        meaning,
        kind,
        example,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    Organizations,
    Listings,
    Cases,
    Statistics,
}

impl Dataset {
    pub const ALL: [Self; 4] = [Self::Organizations, Self::Listings, Self::Cases, Self::Statistics];

    /// The file stem: `organizations` → `organizations.csv`, `organizations-cp932.csv`, `.json`.
    pub fn stem(self) -> &'static str {
        match self {
            Self::Organizations => "organizations",
            Self::Listings => "listings",
            Self::Cases => "cases",
            Self::Statistics => "statistics",
        }
    }

    pub fn parse(stem: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.stem() == stem)
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Organizations => "団体一覧",
            Self::Listings => "協働募集（求めていること・提供できること）",
            Self::Cases => "協働事例",
            Self::Statistics => "協働の統計",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Self::Organizations => {
                "kyodo に登録されている団体（NPO法人・任意団体・企業・大学・行政・支援センター）の公開プロフィール。代表者・連絡先・番地は含みません。"
            }
            Self::Listings => "募集中の協働募集。終了したものは含みません。",
            Self::Cases => "手引の事例と、協働したすべての団体が公開を承認した kyodo の事例。",
            Self::Statistics => {
                "県民活動白書の指標を kyodo の記録から集計した値と白書の調査結果。5団体未満の値は秘匿したままです。"
            }
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Self::Organizations => ORGANIZATION_COLUMNS,
            Self::Listings => LISTING_COLUMNS,
            Self::Cases => CASE_COLUMNS,
            Self::Statistics => STATISTICS_COLUMNS,
        }
    }
}

const ORGANIZATION_COLUMNS: &[Column] = &[
    col(
        "id",
        "kyodo団体ID",
        "kyodo の中での番号。協働募集の organization_id と結び付きます",
        "整数",
        "1024",
    ),
    col(
        "corporate_number",
        "法人番号",
        "国税庁の法人番号（13桁）。分かる団体のみ",
        "文字列（数字13桁）",
        "1250005001234",
    ),
    col("name", "名称", "団体の名称", "文字列", "NPO法人フードバンク山口"),
    col(
        "name_kana",
        "フリガナ",
        "名称の読み",
        "文字列",
        "エヌピーオーホウジンフードバンクヤマグチ",
    ),
    col(
        "kind",
        "種類コード",
        "npo_corporation, certified_npo, voluntary_group, company, university, government, support_center",
        "文字列",
        "npo_corporation",
    ),
    col("kind_ja", "種類", "種類の日本語", "文字列", "NPO法人"),
    col("prefecture", "都道府県", "所在地の都道府県", "文字列", "山口県"),
    col(
        "municipality",
        "市区町村",
        "所在地の市区町村（番地は公開しません）",
        "文字列",
        "山口市",
    ),
    col(
        "local_government_code",
        "全国地方公共団体コード",
        "市区町村の団体コード（6桁、検査数字付き）。分かる場合のみ",
        "文字列（数字6桁）",
        "352039",
    ),
    col(
        "founded",
        "設立",
        "設立年・年月・年月日",
        "日付（YYYY、YYYY-MM、YYYY-MM-DD）",
        "2006-02",
    ),
    col("members", "会員数", "団体が登録した会員数", "整数", "10"),
    col("employees", "従業員数", "団体が登録した従業員数", "整数", "4021"),
    col(
        "website",
        "ウェブサイト",
        "団体のウェブサイト",
        "URL",
        "https://example.jp/",
    ),
    col(
        "mission",
        "ミッション",
        "ミッション・事業目的",
        "文字列",
        "食品ロスを減らし、必要な人に届ける",
    ),
    col(
        "activities",
        "活動内容",
        "活動内容・事業内容",
        "文字列",
        "食品の寄贈の受付と配布",
    ),
    col(
        "fields",
        "活動分野",
        "NPO法の活動分野（全角セミコロン「；」区切り）",
        "文字列",
        "保健・医療・福祉；子どもの健全育成",
    ),
    col("sdgs", "SDGs", "関わるSDGsの目標番号（「;」区切り）", "文字列", "2;12"),
    col(
        "dissolved_on",
        "解散日",
        "NPO法人の解散日（名簿による）。解散していなければ空",
        "日付（YYYY-MM-DD）",
        "",
    ),
    col(
        "updated_at",
        "更新日",
        "プロフィールを最後に更新した日（日本時間）",
        "日付（YYYY-MM-DD）",
        "2026-12-01",
    ),
    col(
        "url",
        "kyodoのページ",
        "団体のページ",
        "URL",
        "https://kyodo.example.jp/organizations/1024",
    ),
];

const LISTING_COLUMNS: &[Column] = &[
    col("id", "協働募集ID", "kyodo の中での番号", "整数", "5120"),
    col(
        "organization_id",
        "kyodo団体ID",
        "掲載した団体（団体一覧の id）",
        "整数",
        "1024",
    ),
    col(
        "organization_name",
        "団体名",
        "掲載した団体の名称",
        "文字列",
        "NPO法人フードバンク山口",
    ),
    col(
        "direction",
        "区分コード",
        "need（求めていること）または offer（提供できること）",
        "文字列",
        "need",
    ),
    col(
        "direction_ja",
        "区分",
        "区分の日本語（ニーズ・提供）",
        "文字列",
        "ニーズ",
    ),
    col(
        "resources",
        "資源コード",
        "funds, people, venue, goods, expertise, publicity, network, planning, service, procurement, information（「;」区切り）",
        "文字列",
        "goods;people",
    ),
    col(
        "resources_ja",
        "資源",
        "資源の日本語（全角セミコロン「；」区切り）",
        "文字列",
        "物品・原材料・商品；人材（ボランティア・社員派遣・講師）",
    ),
    col(
        "title",
        "タイトル",
        "協働募集のタイトル",
        "文字列",
        "食品の寄贈先を探しています",
    ),
    col(
        "description",
        "内容",
        "協働募集の説明",
        "文字列",
        "賞味期限の近い食品を…",
    ),
    col("municipality", "市区町村", "対象の市区町村", "文字列", "防府市"),
    col(
        "local_government_code",
        "全国地方公共団体コード",
        "対象の市区町村の団体コード。分かる場合のみ",
        "文字列（数字6桁）",
        "352063",
    ),
    col(
        "fields",
        "活動分野",
        "NPO法の活動分野（「；」区切り）",
        "文字列",
        "環境の保全",
    ),
    col("sdgs", "SDGs", "SDGsの目標番号（「;」区切り）", "文字列", "12"),
    col(
        "created_at",
        "掲載日",
        "掲載した日（日本時間）",
        "日付（YYYY-MM-DD）",
        "2026-10-01",
    ),
    col(
        "updated_at",
        "更新日",
        "最後に更新した日（日本時間）",
        "日付（YYYY-MM-DD）",
        "2026-11-20",
    ),
    col(
        "url",
        "kyodoのページ",
        "協働募集のページ",
        "URL",
        "https://kyodo.example.jp/listings/5120",
    ),
];

const CASE_COLUMNS: &[Column] = &[
    col(
        "source",
        "出典",
        "「手引」（県民活動団体による企業との協働の手引）または「kyodo」",
        "文字列",
        "kyodo",
    ),
    col("title", "事例名", "事例の題名", "文字列", "こども食堂と地元企業の食卓"),
    col("field", "分野", "活動分野", "文字列", "子どもの健全育成"),
    col(
        "collaboration_type",
        "協働の形",
        "手引の協働の種類",
        "文字列",
        "事業協力・事業協定",
    ),
    col("year", "年", "協働を始めた年", "整数", "2026"),
    col(
        "parties",
        "協働した団体",
        "団体名（種類・市町）を「；」区切り",
        "文字列",
        "NPO法人あっと（NPO法人・山口市）",
    ),
    col(
        "municipalities",
        "市町",
        "協働した団体の市町（「；」区切り）",
        "文字列",
        "山口市；周南市",
    ),
    col(
        "resources",
        "やりとりした資源",
        "資源の日本語（「；」区切り）",
        "文字列",
        "物品・原材料・商品",
    ),
    col("summary", "概要", "事例の概要", "文字列", "余った食材を…"),
    col(
        "url",
        "ページ",
        "事例のページ",
        "URL",
        "https://kyodo.example.jp/cases/3",
    ),
];

const STATISTICS_COLUMNS: &[Column] = &[
    col(
        "source",
        "出典",
        "白書の調査名、または kyodo の集計",
        "文字列",
        "kyodo の登録情報から集計",
    ),
    col(
        "figure",
        "指標ID",
        "experience, content, expectations, challenges",
        "文字列",
        "experience",
    ),
    col("figure_ja", "指標", "指標の名前", "文字列", "企業との協働の実績"),
    col("dimension", "区分", "調査年度・全体・市町村・年度", "文字列", "市町村"),
    col("slice", "区分の値", "市町村名や年度", "文字列", "周南市"),
    col("category", "項目", "回答・分類", "文字列", "実績がある"),
    col(
        "count",
        "団体数",
        "該当する団体数。秘匿・未集計・白書の値は空",
        "整数",
        "6",
    ),
    col("percent", "割合（%）", "母数に占める割合（小数1桁）", "小数", "54.5"),
    col("base", "母数（団体）", "割合の母数。秘匿は空", "整数", "11"),
    col(
        "note",
        "注記",
        "秘匿や未集計の理由",
        "文字列",
        "秘匿（母数が5団体未満）",
    ),
    col(
        "computed_at",
        "集計日時",
        "kyodo が集計した日時（日本時間）",
        "日時（YYYY-MM-DD HH:MM）",
        "2026-12-04 10:00",
    ),
];

/// The 全国地方公共団体コード of a municipality kyodo knows (山口県's 19), else empty.
pub fn local_government_code(municipality: Option<&str>) -> String {
    municipality
        .and_then(|m| catalog().municipality(m))
        .map(|m| m.code.clone())
        .unwrap_or_default()
}

/// The 法人番号 in an external id of the form `npo:<13 digits>` (the national registry's).
pub fn corporate_number(external_id: Option<&str>) -> String {
    external_id
        .and_then(|e| e.strip_prefix("npo:"))
        .filter(|n| n.len() == 13 && n.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_default()
        .to_owned()
}

/// The JIS X 0401/0402 check digit of a five-digit code (`35201` → 2).
pub fn check_digit(code: &str) -> Option<u8> {
    let digits: Vec<u32> = code.chars().map(|c| c.to_digit(10)).collect::<Option<_>>()?;
    if digits.len() != 5 {
        return None;
    }
    let sum: u32 = digits.iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    Some(((11 - sum % 11) % 10) as u8)
}

#[cfg(test)]
mod tests;
