//! Viewing requests as staff work them: the list and the week, confirm,
//! reschedule or cancel (compare-and-set, so two agents never both win),
//! and the buyer told in their language through the outbox.

use super::*;

impl Leads {
    pub(super) fn staff_viewing(&self, staff: &User, v: ViewingRow) -> StaffViewing {
        let mine = v.agent_id == Some(staff.id);
        let closed = v.status.is_closed();
        let can_confirm =
            !closed && (mine || staff.role == Role::Admin) && v.status == ViewingStatus::Requested;
        StaffViewing {
            id: v.id,
            listing_id: v.listing_id.to_string(),
            listing_url: format!("/listings/{}", v.listing_id),
            listing_title_ar: v.title_ar.clone(),
            listing_title: v.title_en,
            buyer: v.buyer_name.unwrap_or_default(),
            contact: mine
                .then(|| contact(v.buyer_email.as_deref(), v.buyer_phone.as_deref()))
                .filter(|c| !c.is_empty()),
            lead_id: v.lead_id,
            preferred_cairo: v.preferred_at.map(cairo_display),
            scheduled_cairo: v.scheduled_at.map(cairo_display),
            when_cairo: v.scheduled_at.or(v.preferred_at).map(cairo_display),
            requested_cairo: cairo_display(v.created_at),
            note: v.note,
            status: v.status,
            agent: v.agent_name,
            can_act: !closed && (mine || staff.role == Role::Admin),
            can_confirm,
        }
    }

    /// A page of viewings, or the week containing `week` ("2026-12-07").
    pub async fn viewings(
        &self,
        staff: &User,
        page: u32,
        week: Option<&str>,
    ) -> Result<ViewingsPage, AppError> {
        let scope = (staff.role != Role::Admin).then_some(staff.id);
        match week.map(str::trim).filter(|w| !w.is_empty()) {
            None => {
                let (page, offset) = page_offset(page);
                let (rows, total) =
                    viewings_repo::viewings_page(&self.db, scope, i64::from(PER_PAGE), offset)
                        .await
                        .map_err(AppError::internal)?;
                let items = rows.into_iter().map(|v| self.staff_viewing(staff, v)).collect();
                Ok(ViewingsPage {
                    total,
                    page,
                    items,
                    week_days: Vec::new(),
                    prev_week: None,
                    next_week: None,
                })
            }
            Some(day) => {
                let day = if day == "today" {
                    let now = Utc::now();
                    (now + Duration::hours(cairo_offset_hours(now.date_naive()))).date_naive()
                } else {
                    NaiveDate::parse_from_str(day, "%Y-%m-%d")
                        .map_err(|_| AppError::validation("week", "a date like 2026-12-07"))?
                };
                let start = week_start(day);
                let from =
                    cairo_midnight(start).ok_or_else(|| AppError::validation("week", "out of range"))?;
                let to = cairo_midnight(start + Duration::days(7))
                    .ok_or_else(|| AppError::validation("week", "out of range"))?;
                let rows = viewings_repo::viewings_between(&self.db, scope, from, to)
                    .await
                    .map_err(AppError::internal)?;
                let items: Vec<StaffViewing> =
                    rows.into_iter().map(|v| self.staff_viewing(staff, v)).collect();
                let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
                Ok(ViewingsPage {
                    total: items.len() as i64,
                    page: 1,
                    items,
                    week_days: (0..7).map(|i| iso(start + Duration::days(i))).collect(),
                    prev_week: Some(iso(start - Duration::days(7))),
                    next_week: Some(iso(start + Duration::days(7))),
                })
            }
        }
    }

    pub async fn update_viewing(
        &self,
        staff: &User,
        id: i64,
        action: ViewingAction,
        message: &str,
    ) -> Result<StaffViewing, AppError> {
        let message = Self::clean_note(message)?;
        let v = viewings_repo::viewing(&self.db, id)
            .await
            .map_err(AppError::internal)?
            .ok_or(AppError::NotFound)?;
        if !(staff.role == Role::Admin || v.agent_id == Some(staff.id)) {
            return Err(AppError::Forbidden);
        }
        if v.status.is_closed() {
            return Err(AppError::Conflict { message: format!("this viewing is {}", v.status.code()) });
        }
        if matches!(action, ViewingAction::Confirm(_)) && v.status != ViewingStatus::Requested {
            return Err(AppError::Conflict { message: "this viewing is already confirmed".into() });
        }
        let (status, at) = target(&action, &v, Utc::now())?;
        let when = at.or(v.scheduled_at).or(v.preferred_at);
        let history = format!(
            "#{} {} {}{}",
            v.id,
            status.code(),
            when.map(cairo_display).unwrap_or_default(),
            if message.is_empty() { String::new() } else { format!(": {message}") }
        );
        // The change and the buyer's message are one transaction.
        let mut tx = self.db.begin().await.map_err(AppError::internal)?;
        // Compare-and-set: of two agents pressing at once, one wins and the
        // buyer hears once.
        let moved = viewings_repo::set_viewing(
            &mut tx,
            id,
            v.status,
            status,
            at,
            v.lead_id.map(|lead| (lead, staff.id, history)),
        )
        .await
        .map_err(AppError::internal)?;
        if !moved {
            return Err(AppError::Conflict {
                message: "this viewing changed meanwhile: reload to see it".into(),
            });
        }
        self.tell_buyer(&mut tx, staff, &v, status, when, &message).await.map_err(AppError::internal)?;
        tx.commit().await.map_err(AppError::internal)?;
        self.outbox.wake();
        metrics::counter!("viewing_changes_total", "status" => status.code()).increment(1);
        let updated = viewings_repo::viewing(&self.db, id)
            .await
            .map_err(AppError::internal)?
            .ok_or(AppError::NotFound)?;
        Ok(self.staff_viewing(staff, updated))
    }

    /// Queues the buyer's message about a change: an email, or a text
    /// message when they have no email (logged when they left neither).
    async fn tell_buyer(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
        staff: &User,
        v: &ViewingRow,
        status: ViewingStatus,
        when: Option<DateTime<Utc>>,
        message: &str,
    ) -> sqlx::Result<()> {
        let lang = Lang::from_code(&v.buyer_language).unwrap_or_default();
        let (subject, body, sms) = crate::i18n::messages::viewing_change(
            lang,
            status,
            &crate::i18n::messages::ViewingMail {
                buyer: v.buyer_name.as_deref().unwrap_or_default(),
                title: if lang == Lang::Ar { &v.title_ar } else { &v.title_en },
                when: when.map(|at| crate::i18n::format_when(&cairo_display(at), lang)).unwrap_or_default(),
                agent: staff.name.as_deref().or(staff.email.as_deref()).unwrap_or("Osool"),
                url: &format!("{}/listings/{}", self.public_url, v.listing_id),
                message,
            },
        );
        match (&v.buyer_email, v.buyer_phone.as_deref().map(Phone::parse)) {
            (Some(email), _) => {
                outbox::enqueue(&mut **tx, Outbound::mail(email, Rendered::text(subject, body))).await
            }
            (None, Some(Ok(phone))) => outbox::enqueue(&mut **tx, Outbound::sms(&phone, sms)).await,
            _ => {
                tracing::error!(
                    viewing = v.id,
                    "the buyer left no email or phone: not told about a viewing change"
                );
                Ok(())
            }
        }
    }
}

/// The first day of the week (Saturday, as in Egypt) containing `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    let back = (day.weekday().num_days_from_sunday() + 1) % 7;
    day - Duration::days(i64::from(back))
}

pub(super) fn cairo_midnight(day: NaiveDate) -> Option<DateTime<Utc>> {
    let local = day.and_hms_opt(0, 0, 0)?;
    Some(DateTime::from_naive_utc_and_offset(local - Duration::hours(cairo_offset_hours(day)), Utc))
}

/// The status a viewing moves to and the time it is then agreed for.
fn target(
    action: &ViewingAction,
    v: &ViewingRow,
    now: DateTime<Utc>,
) -> Result<(ViewingStatus, Option<DateTime<Utc>>), AppError> {
    Ok(match action {
        ViewingAction::Confirm(Some(text)) => (ViewingStatus::Confirmed, Some(agreed_time(text, now)?)),
        ViewingAction::Confirm(None) => {
            let at = v
                .scheduled_at
                .or(v.preferred_at)
                .ok_or_else(|| AppError::validation("at", "agree a date and time with the buyer first"))?;
            (ViewingStatus::Confirmed, Some(at))
        }
        ViewingAction::Reschedule(text) => (ViewingStatus::Rescheduled, Some(agreed_time(text, now)?)),
        ViewingAction::Cancel => (ViewingStatus::Cancelled, None),
    })
}

/// A time an agent gives (Cairo time): in the future, within six months.
fn agreed_time(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, AppError> {
    let at = parse_cairo_time(text)
        .ok_or_else(|| AppError::validation("at", "a date and time like 2026-12-10 15:00"))?;
    if at <= now {
        return Err(AppError::validation("at", "choose a time in the future"));
    }
    if at > now + Duration::days(180) {
        return Err(AppError::validation("at", "choose a time within six months"));
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_saturday() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(week_start(d("2026-12-05")), d("2026-12-05")); // a Saturday
        assert_eq!(week_start(d("2026-12-07")), d("2026-12-05"));
        assert_eq!(week_start(d("2026-12-11")), d("2026-12-05")); // Friday
        assert_eq!(week_start(d("2026-12-12")), d("2026-12-12"));
        // Midnight in Cairo is 22:00 UTC the day before in winter.
        assert_eq!(cairo_midnight(d("2026-12-05")).unwrap().to_rfc3339(), "2026-12-04T22:00:00+00:00");
    }
}
