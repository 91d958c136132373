//! What the server writes to people, in both languages: account mails,
//! phone codes, and the mails and text messages about viewings. Only in
//! the server build; the pages' strings are in `strings`.

use super::Lang;
use crate::domain::viewing::ViewingStatus;

/// What a message is for; each has a subject and body in both languages.
#[derive(Clone, Copy, Debug)]
pub enum Mail<'a> {
    VerifyEmail { link: &'a str },
    ResetPassword { link: &'a str },
    AlreadyRegistered { sign_in: &'a str },
}

/// Subject and text of an account mail.
pub fn account_mail(mail: Mail<'_>, lang: Lang) -> (String, String) {
    match (mail, lang) {
        (Mail::VerifyEmail { link }, Lang::En) => (
            "Confirm your email for Osool".into(),
            format!(
                "Welcome to Osool.\n\nConfirm your email address to finish signing up:\n{link}\n\nThe link works once and expires in 24 hours. If you did not sign up, ignore this message."
            ),
        ),
        (Mail::VerifyEmail { link }, Lang::Ar) => (
            "أكّد بريدك الإلكتروني في أصول".into(),
            format!(
                "مرحبًا بك في أصول.\n\nأكّد بريدك الإلكتروني لإكمال التسجيل:\n{link}\n\nيعمل الرابط مرة واحدة وينتهي بعد ٢٤ ساعة. إن لم تسجّل، تجاهل هذه الرسالة."
            ),
        ),
        (Mail::ResetPassword { link }, Lang::En) => (
            "Reset your Osool password".into(),
            format!(
                "Someone asked to reset the password of this Osool account.\n\nChoose a new password here:\n{link}\n\nThe link works once and expires in one hour. If it was not you, ignore this message: your password stays as it is."
            ),
        ),
        (Mail::ResetPassword { link }, Lang::Ar) => (
            "إعادة تعيين كلمة مرور أصول".into(),
            format!(
                "طلب أحدهم إعادة تعيين كلمة مرور هذا الحساب في أصول.\n\nاختر كلمة مرور جديدة من هنا:\n{link}\n\nيعمل الرابط مرة واحدة وينتهي بعد ساعة. إن لم تكن أنت، تجاهل الرسالة وستبقى كلمة المرور كما هي."
            ),
        ),
        (Mail::AlreadyRegistered { sign_in }, Lang::En) => (
            "You already have an Osool account".into(),
            format!(
                "Someone tried to sign up with this email, which already has an Osool account.\n\nSign in here (or reset your password from the same page):\n{sign_in}\n\nIf it was not you, no action is needed."
            ),
        ),
        (Mail::AlreadyRegistered { sign_in }, Lang::Ar) => (
            "لديك حساب في أصول بالفعل".into(),
            format!(
                "حاول أحدهم التسجيل بهذا البريد، وهو مسجّل بالفعل في أصول.\n\nسجّل الدخول من هنا (أو أعد تعيين كلمة المرور من الصفحة نفسها):\n{sign_in}\n\nإن لم تكن أنت، فلا حاجة لأي إجراء."
            ),
        ),
    }
}

/// The text message carrying a phone sign-in code.
pub fn phone_code(code: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Your Osool code is {code}. It expires in 5 minutes. Never share it."),
        Lang::Ar => format!("رمز أصول الخاص بك هو {code}. ينتهي خلال ٥ دقائق. لا تشاركه مع أحد."),
    }
}

pub struct ViewingMail<'a> {
    pub buyer: &'a str,
    pub title: &'a str,
    pub when: String,
    pub agent: &'a str,
    pub url: &'a str,
    pub message: &'a str,
}

/// Subject, email body and text message telling a buyer their viewing
/// was confirmed, moved or cancelled.
pub fn viewing_change(lang: Lang, status: ViewingStatus, m: &ViewingMail<'_>) -> (String, String, String) {
    let extra = if m.message.is_empty() { String::new() } else { format!("\n\n{}", m.message) };
    match lang {
        Lang::En => {
            let hello = if m.buyer.is_empty() { "Hello,".to_owned() } else { format!("Hello {},", m.buyer) };
            let (subject, line) = match status {
                ViewingStatus::Confirmed => (
                    format!("Viewing confirmed: {}", m.title),
                    format!("your viewing of {} is confirmed for {} (Cairo time).", m.title, m.when),
                ),
                ViewingStatus::Rescheduled => (
                    format!("New time for your viewing: {}", m.title),
                    format!("your viewing of {} has moved to {} (Cairo time).", m.title, m.when),
                ),
                _ => (
                    format!("Viewing cancelled: {}", m.title),
                    format!("your viewing of {} was cancelled.", m.title),
                ),
            };
            let body = format!(
                "{hello}\n\n{agent} here from Osool: {line}{extra}\n\nListing: {url}\n\nTo change anything, reply to this email or ask Osool's assistant.\n",
                agent = m.agent,
                url = m.url,
            );
            let sms = format!("Osool: {line} {}", m.url);
            (subject, body, sms)
        }
        Lang::Ar => {
            let hello = if m.buyer.is_empty() {
                "مرحبًا،".to_owned()
            } else {
                format!("مرحبًا {}،", m.buyer)
            };
            let (subject, line) = match status {
                ViewingStatus::Confirmed => (
                    format!("تأكيد المعاينة: {}", m.title),
                    format!("تم تأكيد معاينتك لـ {} يوم {} (بتوقيت القاهرة).", m.title, m.when),
                ),
                ViewingStatus::Rescheduled => (
                    format!("موعد جديد لمعاينتك: {}", m.title),
                    format!("تم تغيير موعد معاينتك لـ {} إلى {} (بتوقيت القاهرة).", m.title, m.when),
                ),
                _ => (format!("إلغاء المعاينة: {}", m.title), format!("تم إلغاء معاينتك لـ {}.", m.title)),
            };
            let body = format!(
                "{hello}\n\nمعك {agent} من أصول: {line}{extra}\n\nالعقار: {url}\n\nلأي تغيير، رد على هذه الرسالة أو اسأل مساعد أصول.\n",
                agent = m.agent,
                url = m.url,
            );
            let sms = format!("أصول: {line} {}", m.url);
            (subject, body, sms)
        }
    }
}

/// A buyer's viewing request, as the listing's agent (or the admins) hear it.
pub struct ViewingRequest<'a> {
    pub request_id: i64,
    pub listing_id: &'a str,
    pub title: &'a str,
    pub listing_url: &'a str,
    pub buyer_name: Option<&'a str>,
    pub buyer_email: Option<&'a str>,
    pub buyer_phone: Option<&'a str>,
    /// The time the buyer asked for, already written for the reader.
    pub preferred: Option<String>,
    pub note: &'a str,
    pub dashboard_url: &'a str,
}

/// Subject and text of the mail telling staff about a viewing request.
pub fn viewing_request(lang: Lang, r: &ViewingRequest<'_>) -> (String, String) {
    let note = if r.note.is_empty() { "-" } else { r.note };
    match lang {
        Lang::En => (
            format!("Viewing request #{}: {} (listing {})", r.request_id, r.title, r.listing_id),
            format!(
                "A buyer asked to view a listing.\n\nListing: {} ({})\n{}\n\nBuyer: {}\nEmail: {}\nPhone: {}\nPreferred time (Cairo): {}\nNote: {note}\n\nOpen the dashboard: {}\n",
                r.title,
                r.listing_id,
                r.listing_url,
                r.buyer_name.unwrap_or("-"),
                r.buyer_email.unwrap_or("-"),
                r.buyer_phone.unwrap_or("not given: reply by email"),
                r.preferred.as_deref().unwrap_or("not given: agree a day and time with the buyer"),
                r.dashboard_url,
            ),
        ),
        Lang::Ar => (
            format!("طلب معاينة #{}: {} (وحدة {})", r.request_id, r.title, r.listing_id),
            format!(
                "طلب مشترٍ معاينة وحدة.\n\nالوحدة: {} ({})\n{}\n\nالمشتري: {}\nالبريد: {}\nالهاتف: {}\nالموعد المفضل (بتوقيت القاهرة): {}\nملاحظة: {note}\n\nافتح لوحة التحكم: {}\n",
                r.title,
                r.listing_id,
                r.listing_url,
                r.buyer_name.unwrap_or("-"),
                r.buyer_email.unwrap_or("-"),
                r.buyer_phone.unwrap_or("غير مذكور: رد بالبريد"),
                r.preferred.as_deref().unwrap_or("غير مذكور: اتفق مع المشتري على يوم وموعد"),
                r.dashboard_url,
            ),
        ),
    }
}

/// What happened to a reservation, for the buyer's mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReservationEvent {
    /// The fee arrived: the unit is held for them.
    Paid,
    /// The agent confirmed the reservation.
    Confirmed,
    /// The sale completed.
    Sold,
    /// The agent released it: the fee is being refunded.
    Released,
    /// The payment came after the hold ended or for a unit someone else
    /// holds: it is being refunded.
    LateRefunded,
    /// The refund reached Paymob.
    Refunded,
}

/// The facts a reservation mail states, already written for the reader.
pub struct ReservationMail<'a> {
    pub buyer: &'a str,
    pub title: &'a str,
    pub amount: String,
    /// "until 14 Dec 2026" style, for a paid reservation.
    pub until: Option<String>,
    pub reason: Option<&'a str>,
    pub url: &'a str,
}

/// Subject and text of the buyer's mail about `event`.
pub fn reservation_mail(lang: Lang, event: ReservationEvent, m: &ReservationMail<'_>) -> (String, String) {
    use ReservationEvent as E;
    let reason = m.reason.unwrap_or("-");
    let until = m.until.as_deref().unwrap_or("-");
    match lang {
        Lang::En => {
            let (subject, body) = match event {
                E::Paid => (
                    format!("Reservation paid: {}", m.title),
                    format!("We received your reservation fee of {}. The unit is held for you until {until} while the agent prepares the contracts; they will confirm it shortly.", m.amount),
                ),
                E::Confirmed => (
                    format!("Reservation confirmed: {}", m.title),
                    "The agent confirmed your reservation. The unit is reserved for you; they will contact you about the contracts.".to_owned(),
                ),
                E::Sold => (
                    format!("Sale completed: {}", m.title),
                    "The sale of this unit to you is recorded as completed. Congratulations on your new property.".to_owned(),
                ),
                E::Released => (
                    format!("Reservation released: {}", m.title),
                    format!("The agent released your reservation. Reason: {reason}. Your fee of {} is being refunded to your card; banks usually show it within 5 to 14 days.", m.amount),
                ),
                E::LateRefunded => (
                    format!("Payment refunded: {}", m.title),
                    format!("Your payment of {} arrived after the hold on this unit had ended, or while someone else held it, so it cannot reserve the unit. We are refunding it in full; banks usually show it within 5 to 14 days.", m.amount),
                ),
                E::Refunded => (
                    format!("Refund sent: {}", m.title),
                    format!("Your refund of {} has been sent to your card.", m.amount),
                ),
            };
            (subject, format!("Hello {},\n\n{body}\n\nYour reservation: {}\n\nOsool\n", m.buyer, m.url))
        }
        Lang::Ar => {
            let (subject, body) = match event {
                E::Paid => (
                    format!("تم دفع الحجز: {}", m.title),
                    format!(
                        "استلمنا رسوم الحجز {}. الوحدة محجوزة لك حتى {until} بينما يجهز الوكيل العقود، وسيؤكد الحجز قريبًا.",
                        m.amount
                    ),
                ),
                E::Confirmed => (
                    format!("تم تأكيد الحجز: {}", m.title),
                    "أكد الوكيل حجزك. الوحدة محجوزة لك، وسيتواصل معك بخصوص العقود.".to_owned(),
                ),
                E::Sold => (
                    format!("اكتمل البيع: {}", m.title),
                    "تم تسجيل بيع هذه الوحدة لك. مبروك على عقارك الجديد.".to_owned(),
                ),
                E::Released => (
                    format!("تم إلغاء الحجز: {}", m.title),
                    format!(
                        "ألغى الوكيل حجزك. السبب: {reason}. نرد رسوم الحجز {} إلى بطاقتك، وتظهر عادة خلال ٥ إلى ١٤ يومًا.",
                        m.amount
                    ),
                ),
                E::LateRefunded => (
                    format!("تم رد المبلغ: {}", m.title),
                    format!(
                        "وصل دفعك {} بعد انتهاء مهلة الحجز أو بينما يحجز الوحدة شخص آخر، فلا يمكنه حجزها. نرد المبلغ كاملًا، ويظهر عادة خلال ٥ إلى ١٤ يومًا.",
                        m.amount
                    ),
                ),
                E::Refunded => (
                    format!("تم إرسال المبلغ المسترد: {}", m.title),
                    format!("أرسلنا المبلغ المسترد {} إلى بطاقتك.", m.amount),
                ),
            };
            (subject, format!("مرحبًا {}،\n\n{body}\n\nحجزك: {}\n\nأصول\n", m.buyer, m.url))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buyers_hear_about_changes_in_their_language() {
        let m = ViewingMail {
            buyer: "Mona",
            title: "Apartment in Palm Hills",
            when: "2026-12-10 15:00".into(),
            agent: "Karim",
            url: "http://x/listings/5",
            message: "Bring your ID.",
        };
        let (subject, body, sms) = viewing_change(Lang::En, ViewingStatus::Confirmed, &m);
        assert_eq!(subject, "Viewing confirmed: Apartment in Palm Hills");
        assert!(
            body.contains("Hello Mona,")
                && body.contains("2026-12-10 15:00")
                && body.contains("Bring your ID.")
        );
        assert!(sms.contains("http://x/listings/5"));
        let (subject, body, _) = viewing_change(Lang::Ar, ViewingStatus::Rescheduled, &m);
        assert!(subject.starts_with("موعد جديد"));
        assert!(body.contains("2026-12-10 15:00"));
        let (subject, _, _) = viewing_change(Lang::En, ViewingStatus::Cancelled, &m);
        assert_eq!(subject, "Viewing cancelled: Apartment in Palm Hills");
    }
}
