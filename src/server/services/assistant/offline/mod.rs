//! The offline assistant: a deterministic `LlmClient` that needs no model.
//! It reads the buyer's last message (in English or Arabic), picks the
//! same tools the model would (search, details, comparison, installments,
//! returns, viewings), and once their results are in, writes the answer
//! from those results alone: every listing, figure and name it states came
//! from a tool. It says plainly that it is the offline assistant.

mod lexicon;

use super::guard::text::normalize;
use super::guard::{Feature, amounts, features as stated_features, listing_refs};
use super::tools;
use crate::domain::chat::{UNTRUSTED, untrusted_body};
use crate::i18n::Lang;
use crate::i18n::assistant::{self as replies, Writer};
use crate::server::adapters::llm::{
    LlmClient, LlmError, LlmEvent, LlmRequest, LlmStream, Message, Role, ToolCall,
};
use chrono::Utc;
use futures::StreamExt;
use futures::future::BoxFuture;
use lexicon::*;
use serde_json::{Value, json};

pub const MODEL: &str = "offline";

/// The offline assistant. `pace` is the pause between words as it writes:
/// a model streams its answer over a second or two and the page shows each
/// checked sentence as it comes; an answer that arrived whole would land in
/// one update. Zero sends it all at once (tests).
#[derive(Clone, Copy, Default)]
pub struct OfflineLlm {
    pub pace: std::time::Duration,
}

impl LlmClient for OfflineLlm {
    fn provider(&self) -> &'static str {
        "offline"
    }

    fn model(&self) -> &str {
        MODEL
    }

    fn stream<'a>(&'a self, request: &'a LlmRequest) -> BoxFuture<'a, Result<LlmStream, LlmError>> {
        let events = respond(request);
        let pace = self.pace;
        Box::pin(async move {
            if pace.is_zero() {
                return Ok(futures::stream::iter(events.into_iter().map(Ok)).boxed());
            }
            // Each word after the first waits its turn, as a model's tokens do.
            let paced =
                futures::stream::iter(events.into_iter().enumerate()).then(move |(i, event)| async move {
                    if i > 0 && matches!(event, LlmEvent::Text(_) | LlmEvent::Trusted(_)) {
                        tokio::time::sleep(pace).await;
                    }
                    Ok(event)
                });
            Ok(paced.boxed())
        })
    }
}

/// The whole answer as the events a streaming model would send: text word
/// by word, or tool calls.
pub fn respond(request: &LlmRequest) -> Vec<LlmEvent> {
    let lang = request.lang;
    let Some(last) = request.messages.last() else { return trusted(&replies::greeting(lang, true)) };
    match last.role {
        Role::Tool => words(&compose(request, lang)),
        Role::User => match plan(request, &last.content) {
            Plan::Say(text) => words(&text),
            Plan::Greet(text) => trusted(&text),
            Plan::Call(name, arguments) => vec![LlmEvent::ToolCall(ToolCall {
                id: format!("offline_{}", request.messages.len()),
                name: name.to_owned(),
                arguments: arguments.to_string(),
            })],
        },
        _ => trusted(&replies::greeting(lang, false)),
    }
}

fn words(text: &str) -> Vec<LlmEvent> {
    text.split_inclusive(' ').map(|w| LlmEvent::Text(w.to_owned())).collect()
}

/// A fixed text of Osool's own, word by word.
fn trusted(text: &str) -> Vec<LlmEvent> {
    text.split_inclusive(' ').map(|w| LlmEvent::Trusted(w.to_owned())).collect()
}

enum Plan {
    Say(String),
    /// A greeting: fixed text, shown as it is.
    Greet(String),
    Call(&'static str, Value),
}

fn has_any(text: &str, cues: &[&str]) -> bool {
    cues.iter().any(|c| text.contains(c))
}

/// What the buyer asks for (a viewing, a comparison, a plan, returns,
/// details): any of the cues, or a word one typo from a cue word of six
/// letters or more ("veiwing", "instalment", "shedule", "comapre"). One
/// typo only: two would read "different" as "difference".
fn asks(text: &str, cues: &[&str]) -> bool {
    has_any(text, cues)
        || text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 5).any(|word| {
            cues.iter().any(|cue| {
                cue.chars().count() >= 6
                    && cue.chars().all(char::is_alphabetic)
                    && word.chars().count().abs_diff(cue.chars().count()) <= 1
                    && crate::domain::fuzzy::edit_distance(word, cue) == 1
            })
        })
}

const COMPARE: &[&str] =
    &["compare", " vs", "versus", "difference", "which is better", "قارن", "مقارنة", "الفرق"];
const ROI: &[&str] =
    &["roi", "return", "yield", "rent", "invest", "عائد", "إيجار", "ايجار", "استثمار", "العائد"];
const DETAILS: &[&str] =
    &["tell me", "details", "more about", "describe", "what about", "تفاصيل", "احكي", "أخبرني", "معلومات"];
/// Words alone that do the same.
const THIS_WORDS: &[&str] = &["it", "its", "it's", "دي", "ده", "هذه", "هذا", "فيها", "بتاعتها", "هي", "هو"];

/// "the first two", "top 3", "both", "أول اتنين": how many of the last
/// listings shown the buyer means, counted from the top.
fn leading_count(lower: &str) -> Option<usize> {
    const LEADS: &[&str] = &["first", "top", "the", "these", "those", "أول", "اول", "أحسن", "افضل", "أفضل"];
    const COUNTS: &[(&str, usize)] = &[
        ("two", 2),
        ("2", 2),
        ("٢", 2),
        ("اتنين", 2),
        ("اثنين", 2),
        ("وحدتين", 2),
        ("three", 3),
        ("3", 3),
        ("٣", 3),
        ("تلاتة", 3),
        ("ثلاثة", 3),
        ("تلات", 3),
        ("ثلاث", 3),
        ("four", 4),
        ("4", 4),
        ("٤", 4),
        ("أربعة", 4),
        ("اربعة", 4),
        ("اربع", 4),
        ("أربع", 4),
    ];
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    for (i, pair) in words.windows(2).enumerate() {
        let Some((_, n)) = COUNTS.iter().find(|(w, _)| *w == pair[1]) else { continue };
        if !LEADS.contains(&pair[0]) {
            continue;
        }
        if words.get(i + 2).is_some_and(|next| NOT_LISTINGS.iter().any(|w| next.starts_with(w))) {
            continue;
        }
        return Some(*n);
    }
    has_any(lower, &["both", "الاتنين", "الاثنين", "الإتنين", "الإثنين"]).then_some(2)
}

/// The listings the last search or comparison showed, in order.
fn last_shown(messages: &[Message]) -> Vec<String> {
    for m in messages.iter().rev() {
        if m.role != Role::Tool {
            continue;
        }
        let Ok(value) = serde_json::from_str::<Value>(&m.content) else { continue };
        let key = match m.tool_name.as_deref() {
            Some(tools::SEARCH) if value["results"].as_array().is_some_and(|r| !r.is_empty()) => "results",
            Some(tools::SEARCH) => "suggestions",
            Some(tools::COMPARE) => "units",
            _ => continue,
        };
        let ids: Vec<String> = value[key]
            .as_array()
            .map(|items| items.iter().filter_map(|l| l["id"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        if !ids.is_empty() {
            return ids;
        }
    }
    Vec::new()
}

/// Every listing any search, comparison or lookup of this conversation
/// showed.
fn all_shown(messages: &[Message]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in messages.iter().filter(|m| m.role == Role::Tool) {
        let Ok(value) = serde_json::from_str::<Value>(&m.content) else { continue };
        let items = ["results", "suggestions", "units"]
            .iter()
            .filter_map(|key| value[*key].as_array())
            .flatten()
            .chain(std::iter::once(&value));
        for id in items.filter_map(|l| l["id"].as_str().or(l["listing"]["id"].as_str())) {
            if !out.iter().any(|o| o == id) {
                out.push(id.to_owned());
            }
        }
    }
    out
}

/// Numbers written bare ("is 2991 cheaper than 3012?", "قارن بين ٢٩٩١ و
/// ٣٠١٢") that are ids of listings this conversation showed: a buyer
/// copies the number from a card without its "#". Only these: a bare
/// number is as often a price, an area or a count.
fn bare_ids(text: &str, seen: &[String]) -> Vec<String> {
    let ascii: String = text
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            other => other,
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    for token in ascii.split(|c: char| !c.is_ascii_alphanumeric()) {
        let digits = token.trim_start_matches('0');
        if token.len() >= 2
            && token.bytes().all(|b| b.is_ascii_digit())
            && seen.iter().any(|id| id == digits)
            && !out.iter().any(|o| o == digits)
        {
            out.push(digits.to_owned());
        }
    }
    out
}

/// A yes/no question about a part or a view of one unit: the words that
/// ask it, the kinds a listing's text can state (read as the guard reads
/// them, `guard::features`), and what to call it when it is not there.
struct Asked {
    words: &'static [&'static str],
    kinds: &'static [Feature],
    en: &'static str,
    ar: &'static str,
}

const ASKED: &[Asked] = &[
    Asked {
        words: &["garden", "حديقة", "حديقه", "جنينة", "جنينه", "جاردن"],
        kinds: &[Feature::PrivateGarden, Feature::GreenView],
        en: "a garden",
        ar: "حديقة",
    },
    Asked {
        words: &["pool", "swimming", "حمام سباحة", "حمام سباحه", "حمام السباحة", "بيسين", "مسبح"],
        kinds: &[Feature::PrivatePool, Feature::PoolView],
        en: "a pool",
        ar: "حمام سباحة",
    },
    Asked {
        words: &["sea view", "sea-view", "seaview", "the sea", "البحر", "سي فيو"],
        kinds: &[Feature::SeaView],
        en: "a sea view",
        ar: "إطلالة على البحر",
    },
    Asked {
        words: &["nile", "النيل"],
        kinds: &[Feature::NileView],
        en: "a Nile view",
        ar: "إطلالة على النيل",
    },
    Asked {
        words: &["lagoon", "لاجون", "البحيرة"],
        kinds: &[Feature::LagoonView],
        en: "a lagoon view",
        ar: "إطلالة على اللاجون",
    },
    Asked { words: &["roof", "روف", "رووف"], kinds: &[Feature::Roof], en: "a roof", ar: "روف" },
    Asked {
        words: &["parking", "garage", "جراج", "باركينج", "ركنة", "موقف سيارات"],
        kinds: &[Feature::Parking],
        en: "a parking space",
        ar: "مكان لركن السيارة",
    },
];

/// How a listing's own text names what it has.
fn feature_name(kind: Feature, lang: Lang) -> &'static str {
    let (en, ar) = match kind {
        Feature::PrivateGarden => ("a private garden", "حديقة خاصة"),
        Feature::GreenView => ("a view of the gardens", "إطلالة على المساحات الخضراء"),
        Feature::PrivatePool => ("a private pool", "حمام سباحة خاص"),
        Feature::PoolView => ("a pool view", "إطلالة على حمام السباحة"),
        Feature::SeaView => ("a sea view", "إطلالة على البحر"),
        Feature::NileView => ("a Nile view", "إطلالة على النيل"),
        Feature::LagoonView => ("a lagoon view", "إطلالة على اللاجون"),
        Feature::Roof => ("a roof", "روف"),
        Feature::Parking => ("a parking space", "مكان لركن السيارة"),
        _ => ("it", "ذلك"),
    };
    if lang == Lang::Ar { ar } else { en }
}

/// A yes/no question: a question mark or the words that open one.
const YES_NO: &[&str] = &[
    "?",
    "؟",
    "does ",
    "do ",
    "is there",
    "are there",
    "has it",
    "have a",
    "has a",
    "any ",
    "هل",
    "فيها",
    "فيه ",
    "بيها",
    "عندها",
    "بها",
    "يوجد",
    "موجود",
];

/// Ready when, asked of one unit: "is it ready to move?", "delivered by 2029?", "هتستلم امتى".
const DELIVERY_ASKED: &[&str] = &[
    "ready",
    "deliver",
    "handover",
    "hand over",
    "move in",
    "جاهز",
    "جاهزة",
    "استلام",
    "تسليم",
    "هتستلم",
    "تستلم",
];

/// A discount or a price to agree: the assistant quotes prices, it does
/// not negotiate them.
const NEGOTIATE: &[&str] = &[
    "discount",
    "negotiat",
    "best price",
    "last price",
    "final price",
    "lower the price",
    "reduce the price",
    "confirm the price",
    "price confirm",
    "deal at",
    "خصم",
    "تخفيض",
    "آخر سعر",
    "اخر سعر",
    "أقل سعر",
    "اقل سعر",
    "السعر النهائي",
    "تفاوض",
    "نتفاوض",
    "فاصل",
    "هتنزل",
];

/// What the buyer asks about one unit, if it is a yes/no question about a
/// part of it or a view.
fn asked_feature(lower: &str) -> Option<&'static Asked> {
    if !has_any(lower, YES_NO) {
        return None;
    }
    ASKED.iter().find(|a| has_any(lower, a.words))
}

fn asks_delivery(lower: &str) -> bool {
    has_any(lower, YES_NO) && has_any(lower, DELIVERY_ASKED)
}

/// The year a delivery question names ("by 2029", "في ٢٠٢٩").
fn year_in(text: &str) -> Option<i64> {
    let ascii: String = text
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            other => other,
        })
        .collect();
    ascii
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|t| t.parse::<i64>().ok())
        .find(|y| (2000..=2060).contains(y))
}

/// The one unit the conversation was last about: the listing of the last
/// tool that was about one (details, a plan, returns, a viewing), or the
/// only one a search showed.
fn last_single(messages: &[Message]) -> Option<String> {
    let m = messages.iter().rev().find(|m| m.role == Role::Tool)?;
    let value = serde_json::from_str::<Value>(&m.content).ok()?;
    let id = |v: &Value| v.as_str().map(str::to_owned).or_else(|| v.as_i64().map(|n| n.to_string()));
    match m.tool_name.as_deref()? {
        tools::GET => id(&value["id"]),
        tools::SEARCH => match value["results"].as_array().map(Vec::as_slice) {
            Some([only]) => id(&only["id"]),
            _ => None,
        },
        _ => id(&value["listing_id"]).or_else(|| id(&value["listing"]["id"])),
    }
}

/// The first line of an answer to a yes/no question about one unit: what
/// its listing says, and nothing it does not.
fn answer_line(lang: Lang, l: &Value, question: &str) -> String {
    let lower = question.to_lowercase();
    let id = l["id"].as_str().unwrap_or_default();
    let en = lang != Lang::Ar;
    if has_any(&lower, NEGOTIATE) {
        let price =
            l["price_egp"].as_i64().map(|p| crate::i18n::format_egp(crate::domain::Egp::new(p), lang));
        return match (price, en) {
            (Some(p), true) => format!(
                "I cannot agree a price: the price on record for #{id} is {p}. Its agent can talk the price over with you at a viewing.\n"
            ),
            (Some(p), false) => format!(
                "لا أستطيع الاتفاق على السعر: السعر المسجل للوحدة #{id} هو {p}. يمكن لوكيلها الحديث معك عن السعر في المعاينة.\n"
            ),
            (None, true) => {
                "I cannot agree a price. Its agent can talk the price over with you at a viewing.\n".into()
            }
            (None, false) => {
                "لا أستطيع الاتفاق على السعر. يمكن لوكيلها الحديث معك عن السعر في المعاينة.\n".into()
            }
        };
    }
    if let Some(asked) = asked_feature(&lower) {
        let text = format!(
            "{}. {}",
            l["title"].as_str().unwrap_or_default(),
            l[UNTRUSTED].as_str().map(untrusted_body).unwrap_or_default()
        );
        let found = stated_features(&normalize(&text)).into_iter().find(|(_, k, _)| asked.kinds.contains(k));
        return match found {
            Some((_, kind, _)) if en => {
                format!("Yes: the listing for #{id} mentions {}.\n", feature_name(kind, lang))
            }
            Some((_, kind, _)) => format!("نعم: إعلان الوحدة #{id} يذكر {}.\n", feature_name(kind, lang)),
            None if en => format!(
                "The listing for #{id} does not mention {}; the agent can confirm it at a viewing.\n",
                asked.en
            ),
            None => format!("إعلان الوحدة #{id} لا يذكر {}؛ يمكن للوكيل تأكيد ذلك في المعاينة.\n", asked.ar),
        };
    }
    if asks_delivery(&lower) {
        let asked_year = year_in(question);
        let fmt = |y: i64| crate::i18n::format_number(y, lang).replace(['٬', ','], "");
        return match (&l["delivery"], asked_year) {
            (Value::String(_), _) if en => format!("Yes: #{id} is ready to move in now.\n"),
            (Value::String(_), _) => format!("نعم: الوحدة #{id} جاهزة للاستلام الآن.\n"),
            // The year asked is not repeated: beside "delivery" it would
            // read as the unit's own date (and the guard would rightly drop it).
            (Value::Number(n), Some(by)) if n.as_i64().is_some_and(|y| y <= by) => {
                let y = n.as_i64().unwrap_or_default();
                if en {
                    format!("Yes: #{id} is due for delivery in {}, in the time you asked.\n", fmt(y))
                } else {
                    format!("نعم: موعد استلام الوحدة #{id} في {}، في الوقت الذي تريده.\n", fmt(y))
                }
            }
            (Value::Number(n), Some(_)) => {
                let y = n.as_i64().unwrap_or_default();
                if en {
                    format!("No: #{id} is due for delivery in {}, later than you asked.\n", fmt(y))
                } else {
                    format!("لا: موعد استلام الوحدة #{id} في {}، بعد الموعد الذي تريده.\n", fmt(y))
                }
            }
            (Value::Number(n), None) => {
                let y = n.as_i64().unwrap_or_default();
                if en {
                    format!("#{id} is due for delivery in {}.\n", fmt(y))
                } else {
                    format!("موعد استلام الوحدة #{id} في {}.\n", fmt(y))
                }
            }
            _ if en => {
                format!("The listing for #{id} does not give a delivery date; the agent can tell you.\n")
            }
            _ => format!("إعلان الوحدة #{id} لا يذكر موعد الاستلام؛ يمكن للوكيل إخبارك به.\n"),
        };
    }
    String::new()
}

/// "cheaper than", "أكبر من": with two listings named, a comparison; with
/// an amount ("cheaper than 5 million"), a search.
const COMPARATIVES: &[&str] = &[
    "cheaper than",
    "more expensive than",
    "pricier than",
    "bigger than",
    "larger than",
    "smaller than",
    "better than",
    "better deal",
    "or ",
    "أرخص من",
    "ارخص من",
    "أغلى من",
    "اغلى من",
    "أكبر من",
    "اكبر من",
    "أصغر من",
    "اصغر من",
    "أحسن من",
    "احسن من",
    "أفضل من",
    "افضل من",
    " ولا ",
    " أم ",
    " او ",
    " أو ",
];

/// Listings the message points at: ids it writes, or ordinals ("the second
/// one", "both") among the last shown.
fn targets(text: &str, lower: &str, shown: &[String]) -> Vec<String> {
    let mut out: Vec<String> = listing_refs(text).into_iter().map(|(_, id)| id.to_string()).collect();
    if let Some(n) = leading_count(lower) {
        for id in shown.iter().take(n) {
            if !out.contains(id) {
                out.push(id.clone());
            }
        }
        return out;
    }
    let mut picked: Vec<(usize, usize)> =
        ORDINALS.iter().filter_map(|(word, index)| lower.find(word).map(|at| (at, *index))).collect();
    picked.sort();
    for (_, index) in picked {
        if let Some(id) = shown.get(index)
            && !out.contains(id)
        {
            out.push(id.clone());
        }
    }
    if out.is_empty() && has_any(lower, &["all of them", "them all", "الكل", "كلهم"]) {
        out.extend(shown.iter().take(4).cloned());
    }
    out
}

/// A comparison of the listings named: one named is compared with one
/// more (this page's, else the first shown); none named ("compare them"),
/// the top three shown.
fn compare_plan(named: &[String], focus: Option<&String>, shown: &[String], lang: Lang) -> Plan {
    let mut ids = named.to_vec();
    let fill = if named.is_empty() { 3 } else { 2 };
    if ids.len() < 2 {
        for id in focus.into_iter().chain(shown.iter()) {
            if !ids.contains(id) && ids.len() < fill {
                ids.push(id.clone());
            }
        }
    }
    if ids.len() >= 2 {
        ids.truncate(4);
        return Plan::Call(tools::COMPARE, json!({"ids": ids}));
    }
    Plan::Say(replies::which_to_compare(lang).into())
}

fn plan(request: &LlmRequest, text: &str) -> Plan {
    let lang = request.lang;
    let lower = text.to_lowercase();
    let trimmed = lower.trim_matches(|c: char| !c.is_alphanumeric() && !c.is_whitespace()).trim();
    if GREETINGS.contains(&trimmed) {
        let first = !request.messages.iter().any(|m| m.role == Role::Assistant);
        return Plan::Greet(replies::greeting(lang, first));
    }
    let shown = last_shown(&request.messages);
    let mut named = targets(text, &lower, &shown);
    // Ids copied bare from the cards, when the buyer compares them.
    let bare = bare_ids(text, &all_shown(&request.messages));
    if asks(&lower, COMPARE) || (named.len() + bare.len() >= 2 && has_any(&lower, COMPARATIVES)) {
        for id in bare {
            if !named.contains(&id) {
                named.push(id);
            }
        }
    }
    let focus = request.focus_listing.map(|id| id.to_string());
    let one = named.first().cloned().or_else(|| focus.clone()).or_else(|| shown.first().cloned());
    let search_like = has_any(&lower, SEARCH_CUES);
    // Asked from a listing's page: about that unit unless the buyer clearly
    // asks for others (or names another).
    let points_here = has_any(&lower, THIS)
        || lower.split(|c: char| !c.is_alphanumeric() && c != '\'').any(|w| THIS_WORDS.contains(&w));
    let about_focus =
        focus.is_some() && named.is_empty() && !has_any(&lower, OTHERS) && (points_here || !search_like);

    if asks(&lower, VIEWING) {
        if let Some(id) = one {
            return Plan::Call(
                tools::VIEWING,
                json!({"listing_id": id, "preferred_time": preferred_time(text), "note": ""}),
            );
        }
        return Plan::Say(replies::which_to_view(lang).into());
    }
    // A price to agree: the price on record of the unit meant, and who can
    // discuss it; never a yes.
    if has_any(&lower, NEGOTIATE) {
        let target = named
            .first()
            .cloned()
            .or_else(|| focus.clone())
            .or_else(|| last_single(&request.messages))
            .or_else(|| (shown.len() == 1).then(|| shown[0].clone()));
        return match target {
            Some(id) => Plan::Call(tools::GET, json!({"id": id})),
            None => Plan::Say(replies::no_negotiation(lang).into()),
        };
    }
    if asks(&lower, COMPARE) || (named.len() >= 2 && (!search_like || has_any(&lower, COMPARATIVES))) {
        return compare_plan(&named, focus.as_ref(), &shown, lang);
    }
    let has_target = !named.is_empty() || about_focus;
    if asks(&lower, ROI)
        && (has_target || !search_like)
        && let Some(id) = &one
    {
        let rent = rent_in(text);
        return Plan::Call(tools::ROI, json!({"listing_id": id, "monthly_rent_egp": rent}));
    }
    // "with 20% down over 5 years": a plan, even without the word.
    let gives_terms = plan_terms(text).0.is_some();
    if (asks(&lower, INSTALLMENTS) || gives_terms)
        && (has_target || !search_like)
        && let Some(id) = &one
    {
        let (down, years) = plan_terms(text);
        return Plan::Call(
            tools::INSTALLMENTS,
            json!({"listing_id": id, "down_payment_pct": down, "years": years}),
        );
    }
    // "Does it have a garden?", "is it ready by 2029?": about the unit named,
    // this page's, or the one the conversation was last about.
    if asked_feature(&lower).is_some() || asks_delivery(&lower) {
        let target = named
            .first()
            .cloned()
            .or_else(|| about_focus.then(|| focus.clone()).flatten())
            .or_else(|| points_here.then(|| last_single(&request.messages)).flatten());
        if let Some(id) = target {
            return Plan::Call(tools::GET, json!({"id": id}));
        }
    }
    if !named.is_empty() && !search_like {
        return Plan::Call(tools::GET, json!({"id": named[0]}));
    }
    if asks(&lower, DETAILS)
        && !search_like
        && let Some(id) = one
    {
        return Plan::Call(tools::GET, json!({"id": id}));
    }
    if about_focus && let Some(id) = focus {
        return Plan::Call(tools::GET, json!({"id": id}));
    }
    Plan::Call(tools::SEARCH, json!({"query": text, "limit": 4}))
}

/// "with 20% down", "over 10 years", "مقدم ٢٠٪ على ١٠ سنين".
fn plan_terms(text: &str) -> (Option<f64>, Option<u32>) {
    let ascii: String = text
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{066A}' => '%',
            '\u{066B}' => '.',
            other => other,
        })
        .collect();
    let tokens: Vec<&str> =
        ascii.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).collect();
    let mut down = None;
    let mut years = None;
    for (i, t) in tokens.iter().enumerate() {
        if let Some(number) = t.strip_suffix('%').and_then(|n| n.parse::<f64>().ok()) {
            down = Some(number);
        } else if t.ends_with('%') {
            continue;
        } else if let Ok(n) = t.parse::<u32>() {
            let next = tokens
                .get(i + 1)
                .map(|s| s.trim_matches(|c: char| !c.is_alphanumeric() && c != '%').to_lowercase())
                .unwrap_or_default();
            if ["year", "years", "yrs", "yr", "سنة", "سنوات", "سنين", "عام", "أعوام"].contains(&next.as_str())
            {
                years = Some(n);
            } else if next == "%" {
                down = Some(f64::from(n));
            }
        }
    }
    (down, years)
}

/// A rent the buyer states: the amount after "rent" / "إيجار".
fn rent_in(text: &str) -> Option<i64> {
    let lower = text.to_lowercase();
    let at = ["rent", "إيجار", "ايجار"].iter().filter_map(|w| lower.find(w)).min()?;
    amounts(&text[at..]).first().map(|a| a.value).or_else(|| {
        // "rent 25000": a plain number counts here.
        text[at..]
            .split(|c: char| !c.is_ascii_digit() && c != ',')
            .find(|s| !s.is_empty() && s.chars().any(|c| c.is_ascii_digit()))
            .and_then(|s| s.replace(',', "").parse().ok())
            .filter(|n: &i64| *n >= 500)
    })
}

/// The day and time the buyer asked for, as "YYYY-MM-DD HH:MM" (or a day
/// alone), Cairo time: "on Saturday at 11am", "بكرة ٥ العصر", "2026-12-20".
fn preferred_time(text: &str) -> Option<String> {
    let now = crate::server::time::cairo_now(Utc::now());
    let moment = super::when::parse(text, now)?;
    let day = moment.date.format("%Y-%m-%d");
    Some(match moment.time {
        Some(t) => format!("{day} {}", t.format("%H:%M")),
        None => day.to_string(),
    })
}

/// "monthly"/"quarterly" after an Arabic count of installments, agreeing
/// with the noun as the count makes it: "٧ أقساط شهرية", "٨٤ قسطًا شهريًا",
/// "قسطان شهريان", "١٠٠ قسط شهري".
/// The answer from this turn's tool results.
fn compose(request: &LlmRequest, lang: Lang) -> String {
    let messages = &request.messages;
    let start = messages.iter().rposition(|m| m.role == Role::Assistant).map_or(0, |i| i + 1);
    // That it is offline is said once, by the page's notice (the `Start`
    // event says so), not again in the text.
    let mut out = String::new();
    for m in &messages[start..] {
        let Ok(value) = serde_json::from_str::<Value>(&m.content) else { continue };
        let w = Writer { lang };
        let part = if let Some(error) = value["error"].as_str() {
            w.error(error, &value)
        } else {
            match m.tool_name.as_deref() {
                Some(tools::SEARCH) => w.search(&value),
                Some(tools::GET) => {
                    // A yes/no question is answered first, then the details.
                    let question = messages[..start]
                        .iter()
                        .rev()
                        .find(|m| m.role == Role::User)
                        .map_or("", |m| m.content.as_str());
                    format!("{}{}", answer_line(lang, &value, question), w.details(&value))
                }
                Some(tools::COMPARE) => w.compare(&value),
                Some(tools::INSTALLMENTS) => w.installments(&value),
                Some(tools::ROI) => w.roi(&value),
                Some(tools::VIEWING) => w.viewing(&value),
                _ => String::new(),
            }
        };
        out.push_str(&part);
    }
    if out.trim().is_empty() {
        out.push_str(&replies::greeting(lang, false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Egp;
    use crate::i18n::format_egp;

    fn request(lang: Lang, messages: Vec<Message>) -> LlmRequest {
        LlmRequest { messages, tools: tools::specs(), lang, focus_listing: None, signed_in: false }
    }

    fn call(events: &[LlmEvent]) -> (String, Value) {
        match events {
            [LlmEvent::ToolCall(c)] => (c.name.clone(), serde_json::from_str(&c.arguments).expect("json")),
            other => panic!("expected one tool call, got {other:?}"),
        }
    }

    fn text(events: &[LlmEvent]) -> String {
        events
            .iter()
            .map(|e| match e {
                LlmEvent::Text(t) | LlmEvent::Trusted(t) => t.as_str(),
                _ => "",
            })
            .collect()
    }

    #[test]
    fn a_search_in_either_language_goes_to_the_search_tool() {
        for q in [
            "3 bedroom apartment in New Cairo under 10 million, 7 years installments",
            "شقة ٣ غرف في التجمع أقل من ١٠ مليون",
        ] {
            let (name, args) = call(&respond(&request(Lang::En, vec![Message::user(q)])));
            assert_eq!(name, tools::SEARCH);
            assert_eq!(args["query"], q);
        }
    }

    /// A conversation whose last search showed `ids`, in order.
    fn after_search(ids: &[&str]) -> Vec<Message> {
        let search = ToolCall { id: "c1".into(), name: tools::SEARCH.into(), arguments: "{}".into() };
        let results: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
        let shown = json!({"results": results}).to_string();
        vec![
            Message::user("villa in zayed"),
            Message::assistant("", vec![search.clone()]),
            Message::tool(&search, shown),
            Message::assistant("Here they are.", vec![]),
        ]
    }

    #[test]
    fn follow_ups_pick_listings_from_what_was_shown() {
        let history = after_search(&["41", "42", "43"]);
        let ask = |q: &str| {
            let mut m = history.clone();
            m.push(Message::user(q));
            call(&respond(&request(Lang::En, m)))
        };
        assert_eq!(
            ask("compare the first and the third"),
            (tools::COMPARE.into(), json!({"ids": ["41", "43"]}))
        );
        assert_eq!(ask("compare them").1, json!({"ids": ["41", "42", "43"]}));
        let (name, args) =
            ask("what is the monthly installment on the second one with 20% down over 8 years?");
        assert_eq!(name, tools::INSTALLMENTS);
        assert_eq!(args, json!({"listing_id": "42", "down_payment_pct": 20.0, "years": 8}));
        let (name, args) = ask("what return would I get on #43 if I rent it for 30,000 EGP?");
        assert_eq!(name, tools::ROI);
        assert_eq!(args, json!({"listing_id": "43", "monthly_rent_egp": 30000}));
        let (name, args) = ask("book a viewing of the first one on 2026-12-20 at 5 pm");
        assert_eq!(name, tools::VIEWING);
        assert_eq!(args["listing_id"], "41");
        assert_eq!(args["preferred_time"], "2026-12-20 17:00");
        assert_eq!(ask("tell me more about #42"), (tools::GET.into(), json!({"id": "42"})));
        let mut ar = history.clone();
        ar.push(Message::user("قارن بين الأول والثاني"));
        assert_eq!(call(&respond(&request(Lang::Ar, ar))).1, json!({"ids": ["41", "42"]}));
    }

    /// Ids copied from the cards without their "#", in either script,
    /// compared in a question of any shape; a bare number that is not a
    /// listing shown (a price, a count) stays what it was.
    #[test]
    fn listings_named_by_their_bare_numbers_are_compared() {
        let mut history = after_search(&["2991", "3012", "3050"]);
        // An earlier comparison showed 1204 too.
        let compare = ToolCall { id: "c2".into(), name: tools::COMPARE.into(), arguments: "{}".into() };
        history.push(Message::user("compare #1204 and #2991"));
        history.push(Message::assistant("", vec![compare.clone()]));
        history.push(Message::tool(&compare, json!({"units": [{"id": "1204"}, {"id": "2991"}]}).to_string()));
        history.push(Message::assistant("Here is the comparison.", vec![]));
        // The last shown are now the comparison's.
        let ask = |lang: Lang, q: &str| {
            let mut m = history.clone();
            m.push(Message::user(q));
            call(&respond(&request(lang, m)))
        };
        let pair = json!({"ids": ["2991", "3012"]});
        for q in [
            "Is 2991 cheaper than 3012?",
            "is 2991 bigger than 3012",
            "2991 or 3012, which is better?",
            "which is a better deal: 2991 or 3012",
            "compare 2991 and 3012",
            "2991 vs 3012",
            "2991 vs. 3012?",
        ] {
            assert_eq!(ask(Lang::En, q), (tools::COMPARE.into(), pair.clone()), "{q}");
        }
        for q in
            ["قارن بين 2991 و 3012", "قارن بين ٢٩٩١ و ٣٠١٢", "هل ٢٩٩١ أرخص من ٣٠١٢؟", "٢٩٩١ ولا ٣٠١٢ أحسن؟"]
        {
            assert_eq!(ask(Lang::Ar, q), (tools::COMPARE.into(), pair.clone()), "{q}");
        }
        assert_eq!(ask(Lang::En, "compare 1204 with 3050").1, json!({"ids": ["1204", "3050"]}));
        // Numbers that are not listings shown stay prices and counts.
        assert_eq!(ask(Lang::En, "anything cheaper than 3000000?").0, tools::SEARCH);
        assert_eq!(ask(Lang::En, "3 bedrooms or 4 in new cairo").0, tools::SEARCH);
    }

    #[test]
    fn a_count_of_the_top_listings_means_that_many() {
        let history = after_search(&["41", "42", "43", "44"]);
        let ask = |q: &str| {
            let mut m = history.clone();
            m.push(Message::user(q));
            call(&respond(&request(Lang::En, m)))
        };
        let two = json!({"ids": ["41", "42"]});
        let three = json!({"ids": ["41", "42", "43"]});
        // Every way of asking for the top two, in a handful of frames.
        for count in ["first two", "first 2", "top two", "top 2", "the two", "these two", "those 2", "both"] {
            for frame in [
                "compare the {c}",
                "Compare {c}",
                "can you compare {c} for me?",
                "{c}: which is better?",
                "{c} vs each other, compare",
            ] {
                let q = frame.replace("{c}", count);
                assert_eq!(ask(&q).1, two, "{q}");
            }
        }
        for q in ["قارن أول اتنين", "قارن بين أول اثنين", "قارن الاتنين", "قارن أول ٢", "مقارنة بين الإتنين"]
        {
            assert_eq!(ask(q).1, two, "{q}");
        }
        for q in ["compare the first three", "compare the top 3", "قارن أول تلاتة", "compare them"]
        {
            assert_eq!(ask(q).1, three, "{q}");
        }
        assert_eq!(ask("compare the top 4").1, json!({"ids": ["41", "42", "43", "44"]}));
        // One named: it and one more. "the two bedroom" is not a count.
        assert_eq!(ask("compare #43").1, json!({"ids": ["43", "41"]}));
        assert_eq!(ask("compare the two bedroom ones").1, three);
    }

    #[test]
    fn questions_from_a_listing_page_are_about_that_listing() {
        let ask = |lang: Lang, q: &str| {
            let mut r = request(lang, vec![Message::user(q)]);
            r.focus_listing = Some(77);
            call(&respond(&r))
        };
        for q in [
            "When is delivery for this unit?",
            "Is it furnished?",
            "what floor is this apartment on?",
            "is this villa in a compound?",
            "how big is it",
            "الاستلام امتى؟",
            "الشقة دي في دور كام؟",
            "هل هي متشطبة؟",
        ] {
            assert_eq!(ask(Lang::En, q), (tools::GET.into(), json!({"id": "77"})), "{q}");
        }
        let (name, args) = ask(Lang::En, "What is the monthly installment?");
        assert_eq!((name.as_str(), &args["listing_id"]), (tools::INSTALLMENTS, &json!("77")));
        let (name, args) = ask(Lang::Ar, "العائد من الإيجار كام؟");
        assert_eq!((name.as_str(), &args["listing_id"]), (tools::ROI, &json!("77")));
        for q in [
            "show me similar apartments",
            "find me other villas in Zayed",
            "any cheaper units in New Cairo?",
            "وريني شقق مشابهة",
            "في وحدات أخرى في التجمع؟",
        ] {
            assert_eq!(ask(Lang::En, q).0, tools::SEARCH, "{q}");
        }
    }

    /// Follow-ups with one typo in the word that says what the buyer wants
    /// still reach that tool; a word two typos away does not invent an
    /// intent ("different" is not "difference").
    #[test]
    fn misspelt_follow_ups_reach_the_same_tool() {
        let history = after_search(&["41", "42", "43"]);
        let ask = |q: &str| {
            let mut m = history.clone();
            m.push(Message::user(q));
            respond(&request(Lang::En, m))
        };
        let mut rng = crate::server::services::catalog::rng::Rng::new(16);
        let cases: &[(&str, &str, &str)] = &[
            ("can I book a {w} of the first one", "viewing", tools::VIEWING),
            ("I'd like to {w} a tour of the second one", "schedule", tools::VIEWING),
            ("{w} the first and the second", "compare", tools::COMPARE),
            ("what is the monthly {w} on the second one", "installment", tools::INSTALLMENTS),
            ("what {w} would I get on the third", "return", tools::ROI),
            ("give me the {w} of the second one", "details", tools::GET),
        ];
        for case in 0..600 {
            let (frame, word, tool) = cases[case % cases.len()];
            let mut chars: Vec<char> = word.chars().collect();
            let i = rng.range(1, chars.len() as i64 - 2) as usize;
            match rng.range(0, 3) {
                0 => {
                    chars.remove(i);
                }
                1 => chars.insert(i, chars[i]),
                2 => chars.swap(i, i + 1),
                _ => chars[i] = ['a', 'e', 'o', 'x'][rng.range(0, 3) as usize],
            }
            let typo: String = chars.into_iter().collect();
            let q = frame.replace("{w}", &typo);
            let events = ask(&q);
            let name = match events.as_slice() {
                [LlmEvent::ToolCall(c)] => c.name.clone(),
                other => panic!("case {case}: {q}: {other:?}"),
            };
            assert_eq!(name, tool, "case {case}: {q}");
        }
        assert_ne!(call(&ask("show me something different in the second one's compound")).0, tools::COMPARE);
    }

    #[test]
    fn greetings_are_answered_and_say_it_is_offline() {
        let t = text(&respond(&request(Lang::En, vec![Message::user("Hello!")])));
        assert!(t.contains("offline assistant"), "{t}");
        assert!(t.contains("budget"));
        let t = text(&respond(&request(Lang::Ar, vec![Message::user("السلام عليكم")])));
        assert!(t.contains("غير المتصل"), "{t}");
    }

    #[test]
    fn answers_quote_the_tool_results_exactly() {
        let c = ToolCall { id: "c1".into(), name: tools::INSTALLMENTS.into(), arguments: "{}".into() };
        let result = json!({
            "listing_id": "7", "price_egp": 9_000_000, "down_payment_pct": 10.0, "delivery_payment_pct": 0.0,
            "years": 7, "frequency": "quarterly", "down_payment_egp": 900_000, "delivery_payment_egp": 0,
            "financed_egp": 8_100_000, "installment_count": 28, "installment_egp": 289_286,
            "monthly_equivalent_egp": 96_429
        });
        let m = vec![
            Message::user("plan for #7"),
            Message::assistant("", vec![c.clone()]),
            Message::tool(&c, result.to_string()),
        ];
        let t = text(&respond(&request(Lang::En, m.clone())));
        for part in [
            "#7",
            "EGP 9,000,000",
            "EGP 900,000",
            "28 installments quarterly of EGP 289,286",
            "EGP 96,429 a month",
        ] {
            assert!(t.contains(part), "{part} missing from {t}");
        }
        let t = text(&respond(&request(Lang::Ar, m)));
        assert!(t.contains("٢٨ قسطًا"), "{t}");
        assert!(t.contains(&format_egp(Egp::new(289_286), Lang::Ar)), "{t}");
    }

    /// "Does it have a garden?", "فيها حمام سباحة؟", "is it ready by 2029?":
    /// about the unit meant (named, this page's, or the one just shown),
    /// answered first from what its listing says: yes when its text states
    /// it, "does not mention" otherwise, never a guess.
    #[test]
    fn yes_no_questions_about_a_unit_are_answered_from_its_listing() {
        let one = after_search(&["41"]);
        let ask = |lang: Lang, history: &[Message], q: &str, focus: Option<i64>| {
            let mut m = history.to_vec();
            m.push(Message::user(q));
            let mut r = request(lang, m);
            r.focus_listing = focus;
            call(&respond(&r))
        };
        let get = |id: &str| (tools::GET.to_owned(), json!({"id": id}));
        for q in [
            "and does it have a garden?",
            "does it have a pool",
            "is it ready to move?",
            "has it got a roof?",
        ] {
            assert_eq!(ask(Lang::En, &one, q, None), get("41"), "{q}");
        }
        for q in ["فيها حمام سباحة؟", "هل فيها جنينة؟", "هي جاهزة للاستلام؟"]
        {
            assert_eq!(ask(Lang::Ar, &one, q, None), get("41"), "{q}");
        }
        assert_eq!(ask(Lang::En, &[], "Does this unit have a sea view?", Some(77)), get("77"));
        assert_eq!(ask(Lang::En, &one, "is #43 delivered by 2029?", None), get("43"));
        // Not about one unit: a search for the feature.
        assert_eq!(ask(Lang::En, &[], "any villas with a pool in new cairo?", None).0, tools::SEARCH);
        let three = after_search(&["41", "42", "43"]);
        assert_eq!(ask(Lang::En, &three, "any of them with a garden?", None).0, tools::SEARCH);

        let c = ToolCall { id: "c9".into(), name: tools::GET.into(), arguments: "{}".into() };
        let listing = json!({
            "id": "41", "title": "Corner villa in Mivida", "price_egp": 21_000_000, "delivery": 2029,
            "installment_frequency": "quarterly",
            UNTRUSTED: "<<<untrusted text>>>\nA corner villa with a private garden and a roof terrace.\n<<<end of untrusted text>>>",
        });
        let answer = |lang: Lang, q: &str| {
            let m = vec![
                Message::user(q),
                Message::assistant("", vec![c.clone()]),
                Message::tool(&c, listing.to_string()),
            ];
            text(&respond(&request(lang, m)))
        };
        let starts = |lang: Lang, q: &str, first: &str| {
            let t = answer(lang, q);
            assert!(t.starts_with(first), "{q}: {t}");
        };
        starts(Lang::En, "does it have a garden?", "Yes: the listing for #41 mentions a private garden.");
        starts(Lang::En, "does it have a roof?", "Yes: the listing for #41 mentions a roof.");
        starts(Lang::En, "does it have a pool?", "The listing for #41 does not mention a pool;");
        starts(Lang::En, "any sea view?", "The listing for #41 does not mention a sea view;");
        starts(
            Lang::En,
            "is it ready by 2028?",
            "No: #41 is due for delivery in 2029, later than you asked.",
        );
        starts(
            Lang::En,
            "will it be delivered by 2030?",
            "Yes: #41 is due for delivery in 2029, in the time you asked.",
        );
        starts(Lang::En, "when is it ready?", "#41 is due for delivery in 2029.");
        starts(Lang::Ar, "فيها جنينة؟", "نعم: إعلان الوحدة #41 يذكر حديقة خاصة.");
        starts(Lang::Ar, "فيها حمام سباحة؟", "إعلان الوحدة #41 لا يذكر حمام سباحة؛");
        starts(Lang::Ar, "هتستلم قبل ٢٠٢٨؟", "لا: موعد استلام الوحدة #41 في ٢٠٢٩، بعد الموعد الذي تريده.");
        // A plain request for details has no yes/no line.
        assert!(
            answer(Lang::En, "tell me about #41").starts_with("**#41**")
                || !answer(Lang::En, "tell me about #41").starts_with("Yes")
        );
    }

    /// "Price is 5 million, 20% discount, confirm?": the assistant never
    /// agrees a price; it quotes the one on record for the unit meant and
    /// says who can discuss it, in both languages; with no unit in view it
    /// says what it can do.
    #[test]
    fn a_discount_is_never_agreed() {
        let one = after_search(&["41"]);
        let ask = |lang: Lang, history: &[Message], q: &str, focus: Option<i64>| {
            let mut m = history.to_vec();
            m.push(Message::user(q));
            let mut r = request(lang, m);
            r.focus_listing = focus;
            respond(&r)
        };
        let get = |id: &str| (tools::GET.to_owned(), json!({"id": id}));
        for q in [
            "price is 5 million, 20% discount, confirm?",
            "can you give me a discount?",
            "what's your best price",
            "can we negotiate?",
        ] {
            assert_eq!(call(&ask(Lang::En, &one, q, None)), get("41"), "{q}");
            assert_eq!(call(&ask(Lang::En, &[], q, Some(77))), get("77"), "{q}");
            let t = text(&ask(Lang::En, &[], q, None));
            assert!(t.starts_with("I cannot agree a price"), "{q}: {t}");
        }
        for q in ["ممكن خصم؟", "آخر سعر كام؟", "السعر ٥ مليون بعد خصم ٢٠٪، تمام؟"]
        {
            assert_eq!(call(&ask(Lang::Ar, &one, q, None)), get("41"), "{q}");
            let t = text(&ask(Lang::Ar, &[], q, None));
            assert!(t.starts_with("لا أستطيع الاتفاق على السعر"), "{q}: {t}");
        }
        let c = ToolCall { id: "c9".into(), name: tools::GET.into(), arguments: "{}".into() };
        let listing = json!({"id": "41", "title": "Villa", "price_egp": 21_000_000, "installment_frequency": "monthly"});
        let m = |q: &str| {
            vec![
                Message::user(q),
                Message::assistant("", vec![c.clone()]),
                Message::tool(&c, listing.to_string()),
            ]
        };
        let t = text(&respond(&request(Lang::En, m("price is 5 million, 20% discount, confirm?"))));
        assert!(
            t.starts_with("I cannot agree a price: the price on record for #41 is EGP 21,000,000."),
            "{t}"
        );
        assert!(!t.contains("5,000,000") && !t.to_lowercase().contains("confirmed"), "{t}");
        let t = text(&respond(&request(Lang::Ar, m("ممكن خصم؟"))));
        assert!(t.starts_with("لا أستطيع الاتفاق على السعر: السعر المسجل للوحدة #41 هو"), "{t}");
    }

    /// "I found 1 listing", "وجدت وحدتين", "وجدت ٤ وحدات", "وجدت ١٢ وحدة":
    /// the count agrees with its noun in both languages.
    #[test]
    fn the_count_of_listings_found_agrees_with_its_noun() {
        let c = ToolCall { id: "c1".into(), name: tools::SEARCH.into(), arguments: "{}".into() };
        let found = |lang: Lang, total: u64| {
            let result = json!({
                "results": [{"id": "41", "title": "Villa", "price_egp": 9_000_000, "installment_frequency": "monthly"}],
                "total": total,
            });
            let m = vec![
                Message::user("villa"),
                Message::assistant("", vec![c.clone()]),
                Message::tool(&c, result.to_string()),
            ];
            text(&respond(&request(lang, m)))
        };
        for (total, en, ar) in [
            (1, "I found 1 listing.", "وجدت وحدة واحدة."),
            (2, "I found 2 listings.", "وجدت وحدتين."),
            (4, "I found 4 listings.", "وجدت ٤ وحدات."),
            (12, "I found 12 listings.", "وجدت ١٢ وحدة."),
            (103, "I found 103 listings.", "وجدت ١٠٣ وحدات."),
        ] {
            let t = found(Lang::En, total);
            assert!(t.starts_with(en), "{total}: {t}");
            let t = found(Lang::Ar, total);
            assert!(t.starts_with(ar), "{total}: {t}");
        }
    }

    /// What the assistant says on its own (greetings, "which one?") cites
    /// no listing: an example id there ("like #123") was taken for a real
    /// listing and its card shown beside the answer.
    #[test]
    fn canned_replies_cite_no_listing() {
        for lang in [Lang::En, Lang::Ar] {
            for reply in [
                replies::which_to_view(lang).to_owned(),
                replies::which_to_compare(lang).to_owned(),
                replies::no_answer(lang).to_owned(),
                replies::greeting(lang, true),
                replies::greeting(lang, false),
            ] {
                assert!(listing_refs(&reply).is_empty(), "{lang:?}: {reply}");
                assert!(!reply.contains('#'), "{lang:?}: {reply}");
            }
        }
        // Asked to compare or view with nothing shown: a question back, no card.
        for (q, lang) in [
            ("compare", Lang::En),
            ("book a viewing", Lang::En),
            ("قارن", Lang::Ar),
            ("احجز معاينة", Lang::Ar),
        ] {
            let t = text(&respond(&request(lang, vec![Message::user(q)])));
            assert!(!t.is_empty() && !t.contains('#'), "{q}: {t}");
        }
    }

    #[test]
    fn times_are_read_from_the_message() {
        assert_eq!(preferred_time("on 2026-12-20 at 5 pm"), Some("2026-12-20 17:00".into()));
        assert_eq!(preferred_time("2026-12-20 17:30"), Some("2026-12-20 17:30".into()));
        assert_eq!(preferred_time("٢٠٢٦-١٢-٢٠"), Some("2026-12-20".into()));
        assert_eq!(preferred_time("whenever"), None);
        assert!(preferred_time("tomorrow at 6pm").is_some_and(|t| t.ends_with("18:00")));
    }
}
