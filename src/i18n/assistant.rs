//! What the assistant itself writes, in both languages: the offline
//! assistant's greeting, its questions back, and its answers written from
//! the tools' results (every
//! listing, figure and name in them comes from a result). Which tool it
//! calls is decided in `server::services::assistant::offline`. Server build
//! only.

use super::{Lang, Plural, format_egp, format_number, localize_digits};
use crate::domain::money::Egp;
use serde_json::Value;

/// An answer that came out empty (the model said nothing checkable).
pub fn no_answer(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Sorry, I have no answer to that. Could you say it another way?",
        Lang::Ar => "عذراً، ليست لدي إجابة على ذلك. هل يمكنك صياغتها بطريقة أخرى؟",
    }
}

/// Asked to book a viewing without saying which listing.
pub fn which_to_view(lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            "Which listing would you like to see? Search first, or give me the number on its card and I will book the viewing."
        }
        Lang::Ar => "أي وحدة تحب أن تعاينها؟ ابحث أولاً أو اكتب الرقم المكتوب على بطاقتها وسأحجز لك المعاينة.",
    }
}

/// Asked to compare without saying which listings.
pub fn which_to_compare(lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            "Tell me which two to four listings to compare, by the numbers on their cards, or search first and I will compare the results."
        }
        Lang::Ar => {
            "قل لي أي وحدتين إلى أربع وحدات أقارن بينها بالأرقام المكتوبة على بطاقاتها، أو ابحث أولاً وسأقارن النتائج."
        }
    }
}

/// Asked for a discount or to agree a price with no unit in view.
pub fn no_negotiation(lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            "I cannot agree a price: I quote the prices on record. Tell me which listing you mean and I will show its price and book a viewing, where its agent can talk the price over with you."
        }
        Lang::Ar => {
            "لا أستطيع الاتفاق على السعر: أنقل الأسعار المسجلة فقط. قل لي أي وحدة تقصد وسأعرض سعرها وأحجز لك معاينة يتحدث فيها الوكيل معك عن السعر."
        }
    }
}

pub fn arabic_every(count: u64, quarterly: bool) -> &'static str {
    let (plural, accusative, dual, singular) = if quarterly {
        ("ربع سنوية", "ربع سنويًا", "ربع سنويان", "ربع سنوي")
    } else {
        ("شهرية", "شهريًا", "شهريان", "شهري")
    };
    match count % 100 {
        _ if count == 2 => dual,
        3..=10 => plural,
        11..=99 => accusative,
        _ => singular,
    }
}

/// The offline assistant's greeting: the first one says what it is.
pub fn greeting(lang: Lang, first: bool) -> String {
    match (lang, first) {
        (Lang::En, true) => "Hello! I am Osool's offline assistant: no AI model is connected, so I answer straight from our real listings and calculators. To find the right home, tell me your budget, the area you like, whether it is to live in or to invest, and when you need it. For example: \"a 3 bedroom apartment in New Cairo under ten million, with installments over 7 years\".".into(),
        (Lang::En, false) => "Hello again! Tell me your budget, area and timeline, or ask about any listing by its number.".into(),
        (Lang::Ar, true) => "أهلاً بك! أنا مساعد أصول غير المتصل: لا يوجد نموذج ذكاء اصطناعي متصل، لذلك أجيب مباشرة من وحداتنا الحقيقية وحاسباتنا. لأجد لك المناسب، قل لي ميزانيتك والمنطقة التي تفضلها، وهل الشراء للسكن أم للاستثمار، ومتى تحتاج الوحدة. مثلاً: \"شقة ٣ غرف في التجمع بأقل من عشرة ملايين بالتقسيط على ٧ سنين\".".into(),
        (Lang::Ar, false) => "أهلاً مجدداً! قل لي ميزانيتك والمنطقة والتوقيت، أو اسأل عن أي وحدة برقمها.".into(),
    }
}

/// Writes the offline assistant's answer from a tool's result (JSON as
/// the tools return it): every figure and name comes from the result.
pub struct Writer {
    pub lang: Lang,
}

impl Writer {
    fn en(&self) -> bool {
        self.lang == Lang::En
    }

    fn money(&self, v: &Value) -> Option<String> {
        v.as_i64().map(|n| format_egp(Egp::new(n), self.lang))
    }

    fn number(&self, n: i64) -> String {
        format_number(n, self.lang)
    }

    fn pct(&self, v: &Value) -> Option<String> {
        let p = v.as_f64()?;
        let text =
            if (p - p.round()).abs() < 0.05 { format!("{}%", p.round() as i64) } else { format!("{p:.1}%") };
        Some(localize_digits(&text, self.lang))
    }

    fn where_(&self, l: &Value) -> String {
        let place = l["compound"].as_str().or(l["district"].as_str()).unwrap_or("");
        let location = l["location"].as_str().unwrap_or("");
        let location = crate::i18n::labels::area(location, self.lang);
        if place.is_empty() {
            location
        } else if self.en() {
            format!("{place}, {location}")
        } else {
            format!("{place}، {location}")
        }
    }

    fn plan_text(&self, l: &Value) -> String {
        let years = l["installment_years"].as_i64().unwrap_or(0);
        match (l["monthly_installment_egp"].as_i64(), l["installment_frequency"].as_str()) {
            (Some(monthly), Some("monthly" | "quarterly")) if years > 0 => {
                let m = format_egp(Egp::new(monthly), self.lang);
                let y = self.lang.plural(Plural::Years, years as u64);
                let down = self.pct(&l["down_payment_pct"]).unwrap_or_default();
                if self.en() {
                    format!("{down} down, then about {m} a month over {y}")
                } else {
                    format!("مقدم {down} ثم حوالي {m} شهرياً على {y}")
                }
            }
            _ => (if self.en() { "cash" } else { "كاش" }).to_owned(),
        }
    }

    fn delivery(&self, l: &Value) -> String {
        match &l["delivery"] {
            Value::String(_) => (if self.en() { "ready to move" } else { "جاهزة للسكن" }).to_owned(),
            Value::Number(y) => {
                let y = localize_digits(&y.to_string(), self.lang);
                if self.en() { format!("delivery {y}") } else { format!("استلام {y}") }
            }
            _ => String::new(),
        }
    }

    fn line(&self, l: &Value) -> String {
        let id = l["id"].as_str().unwrap_or_default();
        let title = l["title"].as_str().unwrap_or_default();
        let mut facts: Vec<String> = Vec::new();
        if let Some(p) = self.money(&l["price_egp"]) {
            facts.push(p);
        }
        if let Some(b) = l["bedrooms"].as_i64().filter(|b| *b > 0) {
            facts.push(self.lang.plural(Plural::Bedrooms, b as u64));
        }
        if let Some(a) = l["area_sqm"].as_i64() {
            facts.push(if self.en() {
                format!("{} m²", self.number(a))
            } else {
                format!("{} م²", self.number(a))
            });
        }
        facts.push(self.where_(l));
        let delivery = self.delivery(l);
        if !delivery.is_empty() {
            facts.push(delivery);
        }
        facts.push(self.plan_text(l));
        let sep = if self.en() { ", " } else { "، " };
        format!("- **#{id} {title}**: {}\n", facts.join(sep))
    }

    pub fn search(&self, v: &Value) -> String {
        let results = v["results"].as_array().cloned().unwrap_or_default();
        let understood: Vec<String> = v["understood"]
            .as_array()
            .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        let sep = if self.en() { ", " } else { "، " };
        let mut out = String::new();
        if !results.is_empty() {
            let total = v["total"].as_i64().unwrap_or(results.len() as i64).max(0) as u64;
            // The count agrees with its noun: "1 listing", "وحدتين" (the
            // object of "وجدت"), "٤ وحدات", "١٢ وحدة".
            let found = match (self.lang, total) {
                (Lang::Ar, 1) => "وحدة واحدة".to_owned(),
                (Lang::Ar, 2) => "وحدتين".to_owned(),
                (lang, n) => lang.plural(Plural::Listings, n),
            };
            out.push_str(&match (self.en(), understood.is_empty()) {
                (true, false) => {
                    format!("I found {found} for {}. The best matches:\n", understood.join(sep))
                }
                (true, true) => format!("I found {found}. The best matches:\n"),
                (false, false) => {
                    format!("وجدت {found} تناسب: {}. أفضل النتائج:\n", understood.join(sep))
                }
                (false, true) => format!("وجدت {found}. أفضل النتائج:\n"),
            });
            for l in &results {
                out.push_str(&self.line(l));
            }
            out.push_str(if self.en() {
                "Would you like me to compare them, work out the installments for one, or book a viewing?"
            } else {
                "هل تحب أن أقارن بينها، أو أحسب أقساط إحداها، أو أحجز لك معاينة؟"
            });
            return out;
        }
        self.nothing_found(v)
    }

    /// No listing fits: the nearest areas with listings like these (for a
    /// place Osool has none in), or the one filter to drop, with the closest
    /// listings; else a suggestion of what to try.
    fn nothing_found(&self, v: &Value) -> String {
        let mut out = String::new();
        let suggestions = v["suggestions"].as_array().cloned().unwrap_or_default();
        let relax = v["relax"].as_array().cloned().unwrap_or_default();
        if let Some(place) = v["no_listings_in"].as_str() {
            let nearby: Vec<String> = v["nearby_areas"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|n| {
                            let area = n["area"].as_str()?;
                            Some(format!("{area} ({})", self.number(n["matches"].as_i64().unwrap_or(0))))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let sep = if self.en() { ", " } else { "، " };
            out.push_str(&match (self.en(), nearby.is_empty()) {
                (true, true) => format!("Osool has no listings in {place} yet."),
                (true, false) => format!(
                    "Osool has no listings in {place} yet. The nearest areas with listings like these: {}. From the nearest:\n",
                    nearby.join(sep)
                ),
                (false, true) => format!("لا توجد وحدات على أصول في {place} حتى الآن."),
                (false, false) => format!(
                    "لا توجد وحدات على أصول في {place} حتى الآن. أقرب المناطق التي فيها وحدات كهذه: {}. من الأقرب:\n",
                    nearby.join(sep)
                ),
            });
            for l in &suggestions {
                out.push_str(&self.line(l));
            }
            return out;
        }
        if let Some(first) = relax.first() {
            let drop = first["drop"].as_str().unwrap_or_default();
            let n = self.number(first["matches"].as_i64().unwrap_or(0));
            out.push_str(&if self.en() {
                format!("No listing matches all of that right now. Without \"{drop}\" there would be {n}. The closest ones:\n")
            } else {
                format!("لا توجد وحدة تطابق كل ذلك حالياً. بدون \"{drop}\" يوجد {n}. الأقرب:\n")
            });
            for l in &suggestions {
                out.push_str(&self.line(l));
            }
            out.push_str(if self.en() {
                "Shall I widen the search that way, or change something else?"
            } else {
                "هل أوسّع البحث بهذا الشكل أم نغيّر شيئاً آخر؟"
            });
            return out;
        }
        (if self.en() {
            "I could not find listings for that. Try another area, type or budget, for example \"apartment in Sheikh Zayed under eight million\"."
        } else {
            "لم أجد وحدات لهذا الطلب. جرّب منطقة أو نوعاً أو ميزانية أخرى، مثلاً \"شقة في الشيخ زايد بأقل من ثمانية ملايين\"."
        })
        .to_owned()
    }

    pub fn details(&self, l: &Value) -> String {
        let mut out = self.line(l);
        if let Some(ppsqm) = l["price_per_sqm_egp"].as_i64() {
            let p = format_egp(Egp::new(ppsqm), self.lang);
            out.push_str(&if self.en() {
                format!("- Price per square metre: {p}\n")
            } else {
                format!("- سعر المتر: {p}\n")
            });
        }
        if let Some(d) = l["developer"].as_str() {
            out.push_str(&if self.en() {
                format!("- Developer: {d}\n")
            } else {
                format!("- المطور: {d}\n")
            });
        }
        if let Some(desc) =
            l[crate::domain::chat::UNTRUSTED].as_str().map(crate::domain::chat::untrusted_body)
        {
            let first: String = desc.split_inclusive(['.', '؟', '!']).take(2).collect();
            if !first.trim().is_empty() {
                out.push_str(first.trim());
                out.push('\n');
            }
        }
        out.push_str(if self.en() {
            "I can work out the installments, estimate the rental return, or book a viewing."
        } else {
            "يمكنني حساب الأقساط أو تقدير العائد من الإيجار أو حجز معاينة."
        });
        out
    }

    pub fn compare(&self, v: &Value) -> String {
        let units = v["units"].as_array().cloned().unwrap_or_default();
        let mut out = String::from(if self.en() {
            "Side by side:\n"
        } else {
            "مقارنة جنباً إلى جنب:\n"
        });
        for l in &units {
            let id = l["id"].as_str().unwrap_or_default();
            let mut facts: Vec<String> = Vec::new();
            if let Some(p) = self.money(&l["price_egp"]) {
                facts.push(p);
            }
            if let Some(a) = l["area_sqm"].as_i64() {
                facts.push(if self.en() {
                    format!("{} m²", self.number(a))
                } else {
                    format!("{} م²", self.number(a))
                });
            }
            if let Some(p) = self.money(&l["price_per_sqm_egp"]) {
                facts.push(if self.en() { format!("{p} per m²") } else { format!("{p} للمتر") });
            }
            facts.push(self.plan_text(l));
            let sep = if self.en() { ", " } else { "، " };
            out.push_str(&format!("- **#{id}** {}: {}\n", self.where_(l), facts.join(sep)));
        }
        if let Some(best) = v["best_value_id"].as_str() {
            out.push_str(&if self.en() {
                format!("Best value by price per square metre: **#{best}**.\n")
            } else {
                format!("الأفضل قيمة حسب سعر المتر: **#{best}**.\n")
            });
        }
        if let Some(low) = v["lowest_monthly_id"].as_str() {
            out.push_str(&if self.en() {
                format!("Lowest monthly payment: #{low}.\n")
            } else {
                format!("أقل قسط شهري: #{low}.\n")
            });
        }
        out.push_str(if self.en() {
            "Price per metre is only part of it: location, delivery date and the plan matter too. Want the installments for one of them?"
        } else {
            "سعر المتر ليس كل شيء: الموقع وموعد الاستلام وخطة السداد مهمة أيضاً. هل تريد حساب أقساط إحداها؟"
        });
        out
    }

    pub fn installments(&self, v: &Value) -> String {
        let price = self.money(&v["price_egp"]).unwrap_or_default();
        if v["cash"].as_bool() == Some(true) && v["pay_in_full_egp"].is_i64() {
            let id = v["listing_id"].as_str().unwrap_or_default();
            return if self.en() {
                format!(
                    "#{id} is sold for cash: the listing has no installment plan, so the full {price} is paid at once.\nIf you like, I can work out a what-if plan with your own down payment and number of years, to compare with units that do offer one: just tell me both."
                )
            } else {
                format!(
                    "الوحدة #{id} معروضة كاش: ليس لها خطة تقسيط، فيُدفع السعر كاملاً {price} مرة واحدة.\nلو تحب أحسب لك خطة افتراضية بمقدم ومدة من اختيارك للمقارنة بوحدات فيها تقسيط: قل لي الاثنين فقط."
                )
            };
        }
        let hypothetical = v["hypothetical"].as_bool() == Some(true);
        let head = match v["listing_id"].as_str() {
            Some(id) if hypothetical && self.en() => {
                format!(
                    "#{id} is sold for cash, so this is only a what-if plan at {price}, not an offer from the seller:\n"
                )
            }
            Some(id) if hypothetical => {
                format!("الوحدة #{id} معروضة كاش، فهذه خطة افتراضية فقط بسعر {price} وليست عرضاً من البائع:\n")
            }
            Some(id) if self.en() => format!("Payment plan for #{id} at {price}:\n"),
            Some(id) => format!("خطة السداد للوحدة #{id} بسعر {price}:\n"),
            None if self.en() => format!("Payment plan for {price}:\n"),
            None => format!("خطة السداد لمبلغ {price}:\n"),
        };
        let mut out = head;
        let down_pct = self.pct(&v["down_payment_pct"]).unwrap_or_default();
        let down = self.money(&v["down_payment_egp"]).unwrap_or_default();
        let assumed = v["down_payment_assumed"].as_bool() == Some(true);
        out.push_str(&match (self.en(), assumed) {
            (true, false) => format!("- Down payment ({down_pct}): {down}\n"),
            (true, true) => {
                format!("- Down payment ({down_pct}, assumed: the listing does not give one): {down}\n")
            }
            (false, false) => format!("- المقدم ({down_pct}): {down}\n"),
            (false, true) => format!("- المقدم ({down_pct}، افتراضي: الإعلان لا يذكره): {down}\n"),
        });
        if v["delivery_payment_egp"].as_i64().unwrap_or(0) > 0 {
            let pct = self.pct(&v["delivery_payment_pct"]).unwrap_or_default();
            let amount = self.money(&v["delivery_payment_egp"]).unwrap_or_default();
            out.push_str(&if self.en() {
                format!("- At delivery ({pct}): {amount}\n")
            } else {
                format!("- عند الاستلام ({pct}): {amount}\n")
            });
        }
        out.push_str(&self.installment_lines(v));
        out.push_str(if self.en() {
            "Developer plans in Egypt carry no interest: the price is split, not financed. Want to try another down payment or length?"
        } else {
            "خطط المطورين في مصر بلا فوائد: السعر يُقسَّط ولا يُموَّل. هل تريد تجربة مقدم أو مدة أخرى؟"
        });
        out
    }

    /// The installments of a plan (or, without any, the rest at once).
    fn installment_lines(&self, v: &Value) -> String {
        let mut out = String::new();
        let count = v["installment_count"].as_u64().unwrap_or(0);
        if count == 0 {
            // Only figures the tool gave: the guard checks every amount.
            if let Some(rest) = self.money(&v["remaining_at_once_egp"]) {
                out.push_str(&if self.en() {
                    format!("- The remaining {rest} at once\n")
                } else {
                    format!("- الباقي {rest} دفعة واحدة\n")
                });
            }
        } else {
            let installment = self.money(&v["installment_egp"]).unwrap_or_default();
            let n = self.lang.plural(Plural::Installments, count);
            let quarterly = v["frequency"].as_str() == Some("quarterly");
            let every = if self.en() {
                if quarterly { "quarterly" } else { "monthly" }
            } else {
                arabic_every(count, quarterly)
            };
            out.push_str(&if self.en() {
                format!("- {n} {every} of {installment}\n")
            } else {
                format!("- {n} {every} قيمة كل منها {installment}\n")
            });
            if quarterly {
                let monthly = self.money(&v["monthly_equivalent_egp"]).unwrap_or_default();
                out.push_str(&if self.en() {
                    format!("- That is about {monthly} a month\n")
                } else {
                    format!("- أي حوالي {monthly} شهرياً\n")
                });
            }
        }
        out
    }

    pub fn roi(&self, v: &Value) -> String {
        let price = self.money(&v["price_egp"]).unwrap_or_default();
        let rent = self.money(&v["monthly_rent_egp"]).unwrap_or_default();
        let mut out = match v["listing_id"].as_str() {
            Some(id) if self.en() => format!("Rental return on #{id} at {price}:\n"),
            Some(id) => format!("العائد من الإيجار للوحدة #{id} بسعر {price}:\n"),
            None if self.en() => format!("Rental return at {price}:\n"),
            None => format!("العائد من الإيجار بسعر {price}:\n"),
        };
        let assumed = v["rent_assumed"].as_bool().unwrap_or(false);
        let basis = match (self.en(), assumed) {
            (true, true) => format!(
                " (an estimate: {} gross, the market default for this kind of unit)",
                self.pct(&v["assumed_gross_yield_pct"]).unwrap_or_default()
            ),
            (true, false) => " (your figure)".to_owned(),
            (false, true) => format!(
                " (تقدير: عائد إجمالي {}، المعتاد في السوق لهذا النوع)",
                self.pct(&v["assumed_gross_yield_pct"]).unwrap_or_default()
            ),
            (false, false) => " (حسب رقمك)".to_owned(),
        };
        let annual = self.money(&v["annual_rent_egp"]).unwrap_or_default();
        let net = self.money(&v["annual_net_egp"]).unwrap_or_default();
        let costs = self.pct(&v["costs_pct_of_rent"]).unwrap_or_default();
        let gross = self.pct(&v["gross_yield_pct"]).unwrap_or_default();
        let net_pct = self.pct(&v["net_yield_pct"]).unwrap_or_default();
        if self.en() {
            out.push_str(&format!("- Monthly rent: {rent}{basis}\n"));
            out.push_str(&format!("- Yearly rent {annual}; after costs of {costs} of the rent: {net}\n"));
            out.push_str(&format!("- Gross yield {gross}, net yield {net_pct}\n"));
        } else {
            out.push_str(&format!("- الإيجار الشهري: {rent}{basis}\n"));
            out.push_str(&format!("- الإيجار السنوي {annual}؛ بعد تكاليف {costs} من الإيجار: {net}\n"));
            out.push_str(&format!("- العائد الإجمالي {gross}، والصافي {net_pct}\n"));
        }
        match v["break_even_years"].as_f64() {
            Some(y) => {
                let y = localize_digits(&format!("{y:.1}"), self.lang);
                out.push_str(&if self.en() {
                    format!("- Break-even: about {y} years of net rent\n")
                } else {
                    format!("- استرداد الثمن: حوالي {y} سنة من صافي الإيجار\n")
                });
            }
            None => out.push_str(if self.en() {
                "- At this rent the price is never paid back\n"
            } else {
                "- بهذا الإيجار لا يُسترد الثمن\n"
            }),
        }
        out.push_str(if self.en() {
            "This leaves out price growth and installment timing. Tell me a rent you expect and I will redo it."
        } else {
            "هذا لا يحسب ارتفاع الأسعار ولا توقيت الأقساط. قل لي الإيجار الذي تتوقعه وأعيد الحساب."
        });
        out
    }

    pub fn viewing(&self, v: &Value) -> String {
        let id = v["listing_id"].as_str().unwrap_or_default();
        let title = v["listing_title"].as_str().unwrap_or_default();
        let when = v["preferred_time_cairo"].as_str().map(|t| crate::i18n::format_when(t, self.lang));
        let by_phone = v["agent_contacts_by"].as_str() == Some("phone");
        match (self.en(), when) {
            (true, Some(t)) => format!(
                "I have prepared a viewing request for #{id} ({title}) at {t} Cairo time. Press Confirm viewing below to send it to the agent; nothing is booked until you do."
            ),
            (true, None) => format!(
                "I have prepared a viewing request for #{id} ({title}). Press Confirm viewing below to send it to the agent, who will agree a day and time with you by {}; nothing is booked until you do. You can also tell me a day and time, like \"Saturday at 11am\".",
                if by_phone { "phone" } else { "email" }
            ),
            (false, Some(t)) => format!(
                "جهّزت طلب معاينة للوحدة #{id} ({title}) في {t} بتوقيت القاهرة. اضغط «تأكيد المعاينة» بالأسفل لإرساله إلى الوكيل؛ لن يُحجز شيء قبل ذلك."
            ),
            (false, None) => format!(
                "جهّزت طلب معاينة للوحدة #{id} ({title}). اضغط «تأكيد المعاينة» بالأسفل لإرساله إلى الوكيل ليتفق معك على اليوم والموعد {}؛ لن يُحجز شيء قبل ذلك. ويمكنك أيضاً أن تقول لي يوماً وموعداً، مثل \"السبت الساعة ١١ الصبح\".",
                if by_phone { "بالهاتف" } else { "بالبريد الإلكتروني" }
            ),
        }
    }

    pub fn error(&self, error: &str, v: &Value) -> String {
        if error == "sign_in_required" {
            return (if self.en() {
                "Please sign in to book a viewing; this chat stays here. Then ask me again and I will book it."
            } else {
                "من فضلك سجّل الدخول لحجز المعاينة؛ ستبقى هذه المحادثة. ثم اطلب مني مجدداً وسأحجزها."
            })
            .to_owned();
        }
        let _ = v;
        if self.en() {
            format!("I could not do that: {error}.")
        } else {
            "لم أستطع تنفيذ ذلك. جرّب صياغة أخرى أو رقم وحدة من النتائج.".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_frequencies_agree_with_the_count() {
        assert_eq!(arabic_every(2, false), "شهريان");
        assert_eq!(arabic_every(7, false), "شهرية");
        assert_eq!(arabic_every(32, true), "ربع سنويًا");
        assert_eq!(arabic_every(84, false), "شهريًا");
        assert_eq!(arabic_every(100, false), "شهري");
        assert_eq!(arabic_every(108, true), "ربع سنوية");
        assert_eq!(arabic_every(120, false), "شهريًا");
    }
}
