//! Every user-facing string, in English and Arabic. One table, so a missing
//! translation is a compile error, not a blank on the page.

use super::Lang;

macro_rules! strings {
    ($($key:ident => $en:literal, $ar:literal;)*) => {
        /// A user-facing string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key { $($key,)* }

        impl Key {
            pub const fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::En => match self { $(Key::$key => $en,)* },
                    Lang::Ar => match self { $(Key::$key => $ar,)* },
                }
            }
        }
    };
}

strings! {
    Brand => "Osool", "أصول";
    BrandTagline => "Property in Egypt, made clear", "عقارات مصر بوضوح";
    SkipToContent => "Skip to content", "انتقل إلى المحتوى";
    NavHome => "Home", "الرئيسية";
    NavAreas => "Areas", "المناطق";
    NavPlans => "Payment plans", "خطط السداد";
    NavMain => "Main", "القائمة الرئيسية";
    MenuOpen => "Open menu", "فتح القائمة";
    MenuClose => "Close menu", "إغلاق القائمة";
    SwitchLanguage => "Switch language", "تغيير اللغة";
    SignIn => "Sign in", "تسجيل الدخول";

    HomeTitle => "Osool: homes and investments in Egypt", "أصول: بيوت واستثمارات في مصر";
    HomeDescription => "Find homes in New Cairo, Sheikh Zayed, the New Capital and the coast, with payment plans made clear.", "ابحث عن بيتك في القاهرة الجديدة والشيخ زايد والعاصمة الإدارية والساحل، بخطط سداد واضحة.";
    HeroEyebrow => "For buyers in Cairo and beyond", "للمشترين في القاهرة وخارجها";
    HeroTitle => "Find a home in Egypt with a payment plan that fits", "اعثر على بيتك في مصر بخطة سداد تناسبك";
    HeroBody => "Osool reads listings the way buyers do: area, compound, developer, delivery date and what you pay each month, in English or Arabic.", "أصول تقرأ العقارات كما يقرؤها المشتري: المنطقة والكمبوند والمطور وموعد التسليم وما تدفعه كل شهر، بالعربية أو الإنجليزية.";
    HeroPointInterestFree => "Interest-free developer plans, worked out to the pound", "خطط المطورين بدون فوائد، محسوبة بالجنيه";
    HeroPointRealListings => "Only real, available units: nothing invented", "وحدات حقيقية ومتاحة فقط، بلا اختلاق";
    HeroPointBilingual => "Every page in English and Arabic", "كل صفحة بالعربية والإنجليزية";

    HeroExampleLabel => "Example plan", "مثال لخطة سداد";
    HeroExampleTitle => "A typical 3-bedroom apartment in New Cairo", "شقة نموذجية بثلاث غرف في القاهرة الجديدة";
    HeroExampleNote => "Median asking price and size, late 2025; 10 % down over 8 years.", "متوسط السعر والمساحة، أواخر ٢٠٢٥؛ مقدم ١٠٪ على ٨ سنوات.";
    SqmUnit => "m²", "م²";
    PlanPerMonthEquivalent => "about {amount} a month", "حوالي {amount} شهريًا";
    PlanAmountHint => "You entered {amount}", "أدخلت {amount}";

    AreasTitle => "Where buyers are looking", "أين يبحث المشترون";
    AreasSubtitle => "Median asking price per square metre in New Cairo, late 2025.", "متوسط سعر المتر المطلوب في القاهرة الجديدة، أواخر ٢٠٢٥.";
    PerSqm => "per m²", "للمتر المربع";
    AreaNewCairo => "New Cairo", "القاهرة الجديدة";
    AreaNewCairoNote => "Fifth Settlement, compounds by Madinet Masr, Hyde Park and Mountain View", "التجمع الخامس، وكمبوندات مدينة مصر وهايد بارك وماونتن فيو";
    AreaGoldenSquare => "Golden Square", "المربع الذهبي";
    AreaGoldenSquareNote => "The priciest pocket of New Cairo, around Mivida and Villette", "أغلى مناطق القاهرة الجديدة، حول ميفيدا وفيليت";
    AreaSixthSettlement => "6th Settlement", "التجمع السادس";
    AreaSixthSettlementNote => "Newer launches east of the Fifth Settlement", "مشروعات أحدث شرق التجمع الخامس";
    AreaMostakbal => "Mostakbal City", "مدينة المستقبل";
    AreaMostakbalNote => "Lower entry prices and long off-plan plans", "أسعار دخول أقل وخطط طويلة للوحدات تحت الإنشاء";

    PlanTitle => "Payment plan calculator", "حاسبة خطة السداد";
    PlanSubtitle => "Developer plans in Egypt are interest-free. See the down payment and every installment before you talk to a broker.", "خطط المطورين في مصر بدون فوائد. اعرف المقدم وكل قسط قبل أن تتحدث مع أي وسيط.";
    PlanPrice => "Unit price (EGP)", "سعر الوحدة (جنيه)";
    PlanDownPayment => "Down payment", "المقدم";
    PlanYears => "Years of installments", "سنوات التقسيط";
    PlanFrequency => "Installments", "الأقساط";
    PlanMonthly => "Monthly", "شهرية";
    PlanQuarterly => "Quarterly", "ربع سنوية";
    PlanCalculate => "Calculate", "احسب";
    PlanResultTitle => "Your plan", "خطتك";
    PlanMonthlyInstallment => "Monthly installment", "القسط الشهري";
    PlanQuarterlyInstallment => "Quarterly installment", "القسط ربع السنوي";
    PlanDownPaymentAmount => "Down payment", "المقدم";
    PlanFinanced => "Paid in installments", "المبلغ المقسط";
    PlanCash => "Paid in cash after the down payment", "يُدفع نقدًا بعد المقدم";
    PlanNote => "Excludes the maintenance deposit, usually 5–10 % of the price.", "لا يشمل وديعة الصيانة، وهي عادة ٥–١٠٪ من السعر.";
    PlanErrorPrice => "Enter a price between EGP 100,000 and EGP 2,000,000,000.", "أدخل سعرًا بين ١٠٠٬٠٠٠ و٢٬٠٠٠٬٠٠٠٬٠٠٠ جنيه.";
    PlanErrorPayments => "The down payment cannot exceed the price.", "لا يمكن أن يتجاوز المقدم سعر الوحدة.";
    PlanErrorYears => "Plans run up to 15 years.", "أقصى مدة للتقسيط ١٥ سنة.";

    HowTitle => "How Osool works", "كيف تعمل أصول";
    HowStepAskTitle => "Say what you want", "قل ما تريد";
    HowStepAskBody => "“3 bedrooms in New Cairo under 10 million, 7 years” is enough, in English or Arabic.", "«٣ غرف في التجمع أقل من ١٠ مليون، تقسيط ٧ سنين» تكفي، بالعربية أو الإنجليزية.";
    HowStepCompareTitle => "Compare real units", "قارن وحدات حقيقية";
    HowStepCompareBody => "Price per metre, delivery date and the monthly cost side by side.", "سعر المتر وموعد التسليم والتكلفة الشهرية جنبًا إلى جنب.";
    HowStepVisitTitle => "Book a viewing", "احجز معاينة";
    HowStepVisitBody => "A broker who knows the compound calls you back.", "يتواصل معك وسيط يعرف الكمبوند جيدًا.";

    FooterAbout => "Osool helps buyers in Egypt find homes and investments, and the brokers who sell them work their leads.", "أصول تساعد المشترين في مصر على إيجاد البيوت والاستثمارات، وتساعد الوسطاء على متابعة عملائهم.";
    FooterPrices => "Prices are in Egyptian pounds (EGP).", "الأسعار بالجنيه المصري.";
    FooterRights => "© 2026 Osool. All rights reserved.", "© ٢٠٢٦ أصول. جميع الحقوق محفوظة.";
    FooterLanguage => "Language", "اللغة";

    SearchPlaceholder => "Try “3 bedroom apartment in New Cairo under 10 million, 7 years installments”", "جرّب «شقة ٣ غرف في التجمع أقل من ١٠ مليون تقسيط ٧ سنين»";
    SearchLabel => "Search listings", "ابحث في العقارات";
    SearchButton => "Search", "ابحث";
    SearchExamples => "Examples", "أمثلة";
    ExampleOne => "3 bedroom apartment in New Cairo under 10 million, 7 years installments", "شقة ٣ غرف في التجمع الخامس أقل من ١٠ مليون";
    ExampleTwo => "villa in Sheikh Zayed ready to move", "فيلا في الشيخ زايد استلام فوري";
    ExampleThree => "chalet in Sahel with 10% down", "شاليه في الساحل مقدم ١٠٪";
    ExampleFour => "cheapest office in the New Capital", "أرخص مكتب في العاصمة الإدارية";
    ResultsUnderstood => "We understood", "فهمنا من بحثك";
    RemoveFilter => "Remove filter", "إزالة الفلتر";
    FiltersTitle => "Filters", "الفلاتر";
    FiltersShowResults => "Show results", "عرض النتائج";
    FilterType => "Property type", "نوع العقار";
    FilterArea => "Area", "المنطقة";
    FilterBeds => "Bedrooms", "غرف النوم";
    FilterMinPrice => "Min price (EGP)", "أقل سعر (جنيه)";
    FilterMaxPrice => "Max price (EGP)", "أعلى سعر (جنيه)";
    FilterDelivery => "Delivery", "التسليم";
    FilterSort => "Sort by", "ترتيب حسب";
    FilterAny => "Any", "الكل";
    FilterApply => "Apply filters", "تطبيق الفلاتر";
    FilterClear => "Clear all", "مسح الكل";
    DeliveryReady => "Ready to move", "استلام فوري";
    DeliveryBy => "By {year}", "بحلول {year}";
    SortRelevance => "Best match", "الأنسب";
    SortPriceAsc => "Lowest price", "الأقل سعرًا";
    SortPriceDesc => "Highest price", "الأعلى سعرًا";
    SortAreaDesc => "Largest", "الأكبر مساحة";
    SortPricePerSqm => "Best price per m²", "أفضل سعر للمتر";
    SortMonthly => "Lowest monthly", "أقل قسط شهري";
    SortDelivery => "Soonest delivery", "الأقرب تسليمًا";
    ChipUnder => "Up to {amount}", "حتى {amount}";
    ChipFrom => "From {amount}", "من {amount}";
    ChipBedsMin => "{n}+ bedrooms", "{n}+ غرف نوم";
    ChipBedsMax => "Up to {n} bedrooms", "حتى {n} غرف نوم";
    ChipArea => "{min}–{max} m²", "{min}–{max} م²";
    ChipAreaMin => "From {min} m²", "من {min} م²";
    ChipAreaMax => "Up to {max} m²", "حتى {max} م²";
    ChipDownPayment => "Down payment ≤ {pct}", "مقدم ≤ {pct}";
    ChipDownAmount => "Down payment ≤ {amount}", "مقدم ≤ {amount}";
    ChipYears => "{n}+ years of installments", "تقسيط {n}+ سنوات";
    ChipMonthly => "Monthly ≤ {amount}", "قسط شهري ≤ {amount}";
    ChipLocationWith => "{area} (all of it: {parts})", "{area} (كلها: {parts})";
    ChipDeveloper => "By {name}", "من {name}";
    ChipBathsMin => "{n}+ bathrooms", "{n}+ حمام";
    ChipExcept => "Except {names}", "ما عدا {names}";
    SaleDeveloper => "Developer sale", "بيع من المطور";
    SaleResale => "Resale", "إعادة بيع";
    FinishCoreShell => "Core and shell", "على المحارة";
    FinishSemi => "Semi-finished", "نصف تشطيب";
    FinishFull => "Fully finished", "تشطيب كامل";
    FinishFurnished => "Furnished", "مفروش";
    PerMonth => "{amount}/month", "{amount} شهريًا";
    PerQuarterAboutMonth => "{amount}/quarter (about {monthly}/month)", "{amount} كل ربع سنة (حوالي {monthly} شهريًا)";
    CashOnly => "Cash", "كاش";
    Delivered => "Ready", "جاهز";
    DeliveryYear => "Delivery {year}", "تسليم {year}";
    Compare => "Compare", "قارن";
    CompareAdded => "Added to compare", "مضاف للمقارنة";
    CompareTray => "Compare {count}", "قارن {count}";
    CompareClear => "Clear", "مسح";
    CompareTitle => "Compare listings", "مقارنة الوحدات";
    CompareEmpty => "Pick two to four listings from the search results to compare them.", "اختر من وحدتين إلى أربع وحدات من نتائج البحث لمقارنتها.";
    CompareBestValue => "Best value", "أفضل قيمة";
    CompareRemove => "Remove", "إزالة";
    NoResultsTitle => "No listings match every filter", "لا توجد وحدات تطابق كل الفلاتر";
    NoResultsBody => "Nothing in the catalog fits all of that. Relax one filter:", "لا يوجد في الكتالوج ما يطابق كل ذلك. جرّب تخفيف أحد الفلاتر:";
    NoResultsRelax => "Remove “{filter}” to see {count}", "أزل «{filter}» لترى {count}";
    NoResultsNone => "Try fewer words or another area.", "جرّب كلمات أقل أو منطقة أخرى.";
    CloseMatches => "Close matches (not every filter)", "نتائج قريبة (لا تطابق كل الفلاتر)";
    NoListingsIn => "Osool has no listings in {place} yet.", "لا توجد وحدات على أصول في {place} حتى الآن.";
    NearbyAreas => "The nearest areas with listings like these:", "أقرب المناطق التي فيها وحدات كهذه:";
    NearbyArea => "{area}: {count}", "{area}: {count}";
    NearbyMatches => "In {area}, the nearest area with listings like these", "في {area}، أقرب منطقة فيها وحدات كهذه";
    NoteRent => "Osool lists homes for sale only: these are for sale.", "أصول تعرض وحدات للبيع فقط: هذه النتائج للبيع.";
    NoteNegated => "Osool cannot leave out “{words}”: results may include it.", "لا تستطيع أصول استبعاد «{words}»: قد تشملها النتائج.";
    ReadAs => "Read “{typed}” as “{read}”", "قرأنا «{typed}» على أنها «{read}»";
    DegradedSearch => "Semantic ranking is unavailable right now; results are ranked by keywords.", "الترتيب الذكي غير متاح الآن؛ النتائج مرتبة حسب الكلمات.";
    PastLastPage => "There are fewer pages of results than that.", "عدد صفحات النتائج أقل من ذلك.";
    GoToPage => "Go to page {page}", "انتقل إلى الصفحة {page}";
    PagePrev => "Previous", "السابق";
    PageNext => "Next", "التالي";
    PageOf => "Page {page} of {pages}", "صفحة {page} من {pages}";
    SearchError => "Search is unavailable right now. Please try again.", "البحث غير متاح الآن. حاول مرة أخرى.";
    Loading => "Loading…", "جارٍ التحميل…";
    NavSearch => "Search", "البحث";

    ListingFacts => "Key facts", "أهم المعلومات";
    FactType => "Type", "النوع";
    FactPrice => "Price", "السعر";
    FactBedrooms => "Bedrooms", "غرف النوم";
    FactBathrooms => "Bathrooms", "الحمامات";
    FactArea => "Built-up area", "مساحة المباني";
    FactFinishing => "Finishing", "التشطيب";
    FactDelivery => "Delivery", "التسليم";
    FactSaleType => "Sale", "نوع البيع";
    FactDeveloper => "Developer", "المطور";
    FactCompound => "Compound", "الكمبوند";
    FactMaintenance => "Maintenance deposit", "وديعة الصيانة";
    FactPricePerSqm => "Price per m²", "سعر المتر";
    FactUnknown => "Not stated", "غير محدد";
    GalleryNote => "Illustration: the developer's photos are shared on request.", "صورة توضيحية: صور المطور متاحة عند الطلب.";
    PlanBreakdown => "Payment plan", "خطة السداد";
    PlanDeliveryPayment => "On delivery", "عند الاستلام";
    PlanEachInstallment => "{n} × {amount}", "{n} × {amount}";
    PlanTotal => "Total", "الإجمالي";
    PlanLastInstallment => "Last installment (absorbs the rounding)", "القسط الأخير (يشمل فرق التقريب)";
    PlanCashPrice => "Cash sale: the full price is due on contract.", "بيع كاش: السعر كاملًا عند التعاقد.";
    PlanUnknown => "The seller has not stated a payment plan.", "لم يذكر البائع خطة سداد.";
    PlanAdjust => "Adjust the plan", "عدّل الخطة";
    InvestTitle => "Investment estimate", "تقدير العائد الاستثماري";
    InvestRent => "Expected monthly rent (EGP)", "الإيجار الشهري المتوقع (جنيه)";
    InvestCosts => "Yearly costs (% of rent)", "التكاليف السنوية (٪ من الإيجار)";
    InvestGross => "Gross yield", "العائد الإجمالي";
    InvestNet => "Net yield", "العائد الصافي";
    InvestBreakEven => "Break-even", "استرداد رأس المال";
    InvestYears => "{n} years", "{n} سنة";
    InvestAssumptions => "Assumes the rent you enter (default: a {pct} gross yield, typical for {area}) collected all year, minus the yearly costs you enter (maintenance, vacancy, management); before tax, price changes and financing.", "يفترض الإيجار الذي تدخله (افتراضيًا عائد إجمالي {pct}، المعتاد في {area}) طوال العام، ناقص التكاليف السنوية التي تدخلها (صيانة، شغور، إدارة)؛ قبل الضرائب وتغير الأسعار والتمويل.";
    InvestInvalid => "Enter a rent and costs to see the estimate.", "أدخل الإيجار والتكاليف لترى التقدير.";
    SimilarTitle => "Similar listings", "وحدات مشابهة";
    BackToResults => "Back to search", "العودة إلى البحث";
    ListingNotFound => "This listing does not exist or is no longer available.", "هذه الوحدة غير موجودة أو لم تعد متاحة.";
    Unavailable => "No longer available", "لم تعد متاحة";

    AuthTitle => "Sign in to Osool", "تسجيل الدخول إلى أصول";
    AuthTitleSignUp => "Create your Osool account", "أنشئ حسابك في أصول";
    AuthTitleForgot => "Reset your password", "إعادة تعيين كلمة المرور";
    AuthClose => "Close", "إغلاق";
    AuthTabEmail => "Email", "البريد";
    AuthTabPhone => "Phone", "الهاتف";
    AuthSignIn => "Sign in", "تسجيل الدخول";
    AuthSignUp => "Create account", "إنشاء حساب";
    AuthForgot => "Forgot password?", "نسيت كلمة المرور؟";
    AuthBackToSignIn => "Back to sign in", "العودة لتسجيل الدخول";
    AuthNoAccount => "New to Osool?", "جديد في أصول؟";
    AuthHaveAccount => "Already have an account?", "لديك حساب بالفعل؟";
    AuthName => "Name", "الاسم";
    AuthEmail => "Email", "البريد الإلكتروني";
    AuthPassword => "Password", "كلمة المرور";
    AuthNewPassword => "New password", "كلمة المرور الجديدة";
    AuthPasswordHint => "At least 10 characters; avoid common words and your email.", "١٠ أحرف على الأقل؛ تجنب الكلمات الشائعة وبريدك.";
    AuthPhone => "Mobile number", "رقم الموبايل";
    AuthPhoneHint => "An Egyptian mobile, e.g. 010 1234 5678", "رقم مصري، مثل ٠١٠ ١٢٣٤ ٥٦٧٨";
    AuthSendCode => "Send code", "أرسل الرمز";
    AuthCode => "6-digit code", "الرمز المكوّن من ٦ أرقام";
    AuthCodeSent => "We sent a code to {phone}.", "أرسلنا رمزًا إلى {phone}.";
    AuthVerifyCode => "Verify and sign in", "تحقق وسجّل الدخول";
    AuthResendIn => "Send a new code in {n} s", "أرسل رمزًا جديدًا بعد {n} ث";
    AuthResend => "Send a new code", "أرسل رمزًا جديدًا";
    AuthChangePhone => "Use another number", "استخدم رقمًا آخر";
    AuthGoogle => "Continue with Google", "المتابعة باستخدام Google";
    AuthOr => "or", "أو";
    AuthCheckEmail => "Check your email: we sent a link to confirm your address.", "راجع بريدك: أرسلنا رابطًا لتأكيد عنوانك.";
    AuthResetSent => "If an account uses that email, a reset link is on its way.", "إن كان هناك حساب بهذا البريد، فرابط إعادة التعيين في الطريق.";
    AuthSignedInAs => "Signed in as {who}", "مسجّل الدخول باسم {who}";
    AuthSignOut => "Sign out", "تسجيل الخروج";
    AuthSignOutEverywhere => "Sign out on every device", "تسجيل الخروج من كل الأجهزة";
    AuthAccount => "Account", "الحساب";
    ErrInvalidCredentials => "Wrong email or password.", "البريد أو كلمة المرور غير صحيحة.";
    ErrEmailNotVerified => "Confirm your email first: we sent you a new link.", "أكّد بريدك أولًا: أرسلنا لك رابطًا جديدًا.";
    ErrCodeExpired => "That code expired. Ask for a new one.", "انتهت صلاحية الرمز. اطلب رمزًا جديدًا.";
    ErrWrongCode => "Wrong code. {n} tries left.", "رمز خاطئ. متبقٍ {n} محاولات.";
    ErrTooManyAttempts => "Too many tries. Ask for a new code.", "محاولات كثيرة. اطلب رمزًا جديدًا.";
    ErrSearchText => "That search is too long: keep it under 500 characters.", "البحث طويل جدًا: اكتبه في أقل من ٥٠٠ حرف.";
    ErrRateLimited => "Too many attempts. Try again in {n}.", "محاولات كثيرة. حاول بعد {n}.";
    ErrLinkExpired => "This link expired or was already used.", "انتهت صلاحية هذا الرابط أو استُخدم من قبل.";
    ErrPasswordShort => "Use at least 10 characters: a few words with a number between them are easy to remember.", "استخدم ١٠ أحرف على الأقل: بضع كلمات بينها رقم سهلة التذكر.";
    ErrPasswordLong => "Use at most 128 characters.", "استخدم ١٢٨ حرفاً على الأكثر.";
    ErrPasswordCommon => "This password is on lists of passwords leaked in data breaches, so attackers try it first. Choose one of your own, like a few unrelated words.", "كلمة المرور هذه موجودة في قوائم كلمات المرور المسرّبة، فيجربها المخترقون أولاً. اختر كلمة خاصة بك، مثل بضع كلمات لا رابط بينها.";
    ErrPasswordEmail => "Your password must not contain your email address.", "يجب ألا تحتوي كلمة المرور على بريدك الإلكتروني.";
    ErrPasswordRepetitive => "Too easy to guess: avoid repeated characters and runs like 1234 or abcd.", "سهلة التخمين: تجنب الأحرف المكررة والتسلسلات مثل 1234 أو abcd.";
    ErrPasswordWeak => "Choose a stronger password: at least 10 characters, not a common one, not your email.", "اختر كلمة مرور أقوى: ١٠ أحرف على الأقل، ليست شائعة ولا تحتوي بريدك.";
    ErrInvalidEmail => "Enter a valid email address.", "أدخل بريدًا إلكترونيًا صحيحًا.";
    ErrInvalidPhone => "Enter an Egyptian mobile number (010, 011, 012 or 015).", "أدخل رقم موبايل مصريًا (٠١٠ أو ٠١١ أو ٠١٢ أو ٠١٥).";
    ErrViewingTime => "Choose a date and time for the viewing, in the future and within six months (Cairo time).", "اختر تاريخ المعاينة وموعدها، في المستقبل وخلال ستة أشهر (بتوقيت القاهرة).";
    ErrCheckInput => "Please check what you entered and try again.", "راجع ما أدخلته وحاول مرة أخرى.";
    ErrConflict => "This cannot be done in its current state. Reload the page to see it as it is now.", "لا يمكن إجراء هذا في حالته الحالية. أعد تحميل الصفحة لتراه كما هو الآن.";
    UnavailableTitle => "Osool is unavailable for a moment", "أصول غير متاحة للحظات";
    ErrUnavailable => "This is unavailable right now. Please try again shortly.", "الخدمة غير متاحة الآن. حاول بعد قليل.";
    ErrGoogle => "Google sign-in did not complete. Please try again.", "لم يكتمل تسجيل الدخول عبر Google. حاول مرة أخرى.";
    ErrGoogleBrowser => "Google sign-in has to finish in the browser where it started. Please start again here.", "يجب أن يكتمل تسجيل الدخول عبر Google في المتصفح الذي بدأ منه. ابدأ من جديد هنا.";
    ErrGoogleTooMany => "Too many sign-in attempts from this network. Please wait a few minutes.", "محاولات تسجيل دخول كثيرة من هذه الشبكة. انتظر بضع دقائق.";
    VerifyTitle => "Confirm your email", "تأكيد البريد الإلكتروني";
    VerifyButton => "Confirm my email", "أكّد بريدي";
    VerifyDone => "Your email is confirmed. You can sign in now.", "تم تأكيد بريدك. يمكنك تسجيل الدخول الآن.";
    ResetTitle => "Choose a new password", "اختر كلمة مرور جديدة";
    ResetButton => "Save the new password", "احفظ كلمة المرور الجديدة";
    ResetDone => "Your password is changed and every device is signed out. Sign in with the new one.", "تم تغيير كلمة المرور وتسجيل الخروج من كل الأجهزة. سجّل الدخول بالجديدة.";
    ProfileTitle => "Your profile", "ملفك الشخصي";
    ProfileLanguage => "Language for emails and messages", "لغة الرسائل والبريد";
    ProfileSave => "Save", "حفظ";
    ProfileSaved => "Saved.", "تم الحفظ.";
    ProfileVerified => "verified", "مؤكَّد";
    ProfileNotVerified => "not verified", "غير مؤكَّد";
    ProfileSignInRequired => "Sign in to see your profile.", "سجّل الدخول لترى ملفك.";
    SavedTitle => "Saved listings", "الوحدات المحفوظة";
    SavedEmpty => "Nothing saved yet. Tap the heart on a listing to keep it here.", "لا شيء محفوظ بعد. اضغط على القلب في أي وحدة لحفظها هنا.";
    SavedSignInRequired => "Sign in to keep the listings you like and see them here.", "سجّل الدخول لتحفظ الوحدات التي تعجبك وتراها هنا.";
    SaveListing => "Save listing", "احفظ الوحدة";
    UnsaveListing => "Remove from saved", "إزالة من المحفوظات";
    // Reservations (issue 21).
    UnitAvailable => "Available", "متاحة";
    UnitHeldUntil => "Held until {time}", "محجوزة مؤقتًا حتى {time}";
    UnitReserved => "Reserved", "محجوزة";
    UnitSold => "Sold", "مباعة";
    UnitOffMarket => "Off the market", "خارج السوق";
    ReserveTitle => "Reserve this unit", "احجز هذه الوحدة";
    ReserveFee => "Reservation fee", "رسوم الحجز";
    ReserveWhat => "Pay the fee online and the unit is held for you for {days} days while the agent prepares the contracts. You have {minutes} minutes to pay once you start.", "ادفع الرسوم أونلاين وتُحجز الوحدة لك {days} يومًا بينما يجهز الوكيل العقود. أمامك {minutes} دقيقة للدفع بعد البدء.";
    ReserveRefund => "Refund terms: the fee comes back in full to your card if the agent releases the reservation, or if your payment arrives after the hold ended. It counts towards the price when you sign.", "شروط الاسترداد: تُرد الرسوم كاملة إلى بطاقتك إذا ألغى الوكيل الحجز، أو إذا وصل دفعك بعد انتهاء المهلة. وتُخصم من السعر عند التعاقد.";
    ReserveButton => "Reserve this unit", "احجز هذه الوحدة";
    ReserveStarting => "Starting the payment…", "جارٍ بدء الدفع…";
    ReserveNotAvailable => "Online reservations are not available on this site yet. Ask the agent about this unit.", "الحجز أونلاين غير متاح على الموقع بعد. اسأل الوكيل عن هذه الوحدة.";
    ReserveSignIn => "Sign in with your phone to reserve", "سجّل الدخول برقم هاتفك للحجز";
    ReserveVerifyPhone => "Reserving needs a verified phone number: sign in with your phone to add one.", "الحجز يتطلب رقم هاتف مؤكدًا: سجّل الدخول برقم هاتفك لإضافته.";
    ReserveStaff => "Staff accounts cannot reserve units.", "حسابات الموظفين لا تحجز الوحدات.";
    ReserveYours => "You hold this unit: see your reservation", "أنت تحجز هذه الوحدة: اطّلع على حجزك";
    ErrHeldUntil => "Someone else holds this unit until {time}. It becomes free again if they do not pay by then.", "شخص آخر يحجز هذه الوحدة حتى {time}. تصبح متاحة مجددًا إن لم يدفع قبلها.";
    ReservationTitle => "Your reservation", "حجزك";
    ReservationsTitle => "My reservations", "حجوزاتي";
    ReservationsEmpty => "You have no reservations yet. Reserve a unit from its page.", "لا توجد حجوزات بعد. احجز وحدة من صفحتها.";
    ReservationUnit => "Unit", "الوحدة";
    ReservationAmount => "Fee", "الرسوم";
    ReservationStatusLabel => "Status", "الحالة";
    ResHeld => "Waiting for your payment", "في انتظار الدفع";
    ResPaid => "Paid: the unit is held for you", "تم الدفع: الوحدة محجوزة لك";
    ResConfirmed => "Confirmed by the agent", "أكدها الوكيل";
    ResSold => "Sale completed", "اكتمل البيع";
    ResExpired => "Hold ended unpaid", "انتهت المهلة دون دفع";
    ResCancelled => "Cancelled", "أُلغي";
    ResReleased => "Released by the agent", "ألغاه الوكيل";
    ReservationCountdown => "Time left to pay: {time}", "الوقت المتبقي للدفع: {time}";
    ReservationPay => "Continue to payment", "تابع إلى الدفع";
    ReservationConfirming => "Paymob took your payment; we are confirming it. This page updates by itself.", "استلم Paymob دفعتك ونحن نؤكدها. تتحدث هذه الصفحة تلقائيًا.";
    ReservationDeclined => "The payment did not go through. You can try again while the hold lasts.", "لم يتم الدفع. يمكنك المحاولة مجددًا طالما المهلة قائمة.";
    ReservationCard => "Paid with", "تم الدفع بـ";
    ReservationPaidAt => "Paid on", "تاريخ الدفع";
    ReservationUntil => "Held for you until", "محجوزة لك حتى";
    ReservationConfirmedAt => "Confirmed on", "تاريخ التأكيد";
    ReservationSoldAt => "Sold on", "تاريخ البيع";
    ReservationReason => "Reason", "السبب";
    ReservationRefundDue => "Your fee is being refunded to your card.", "نرد الرسوم إلى بطاقتك.";
    ReservationRefundDone => "Your fee was refunded to your card. Banks usually show it within 5 to 14 days.", "رُدت الرسوم إلى بطاقتك. تظهر عادة خلال ٥ إلى ١٤ يومًا.";
    ReservationRefundFailed => "The refund needs our staff: they will contact you.", "الاسترداد يحتاج تدخل فريقنا وسيتواصلون معك.";
    ReservationOpen => "Open", "افتح";
    NavReservations => "Reservations", "الحجوزات";
    DashReservationsTitle => "Reservations", "الحجوزات";
    DashReservationsEmpty => "No reservations need you now.", "لا توجد حجوزات تحتاجك الآن.";
    DashReservationsAll => "Show closed ones too", "اعرض المغلقة أيضًا";
    DashResConfirm => "Confirm reservation", "أكد الحجز";
    DashSell => "Mark the sale complete", "سجّل اكتمال البيع";
    DashRelease => "Release and refund", "ألغِ الحجز ورد الرسوم";
    DashReleaseReason => "Why it is released (the buyer sees this)", "سبب الإلغاء (يراه المشتري)";
    NavSaved => "Saved", "المحفوظات";
    NavProfile => "Profile", "الملف الشخصي";

    NavChat => "Ask Osool", "اسأل أصول";
    ChatTitle => "Ask Osool", "اسأل أصول";
    ChatIntro => "Tell me your budget, the area you like, how many bedrooms and when you need it. I answer with real listings, payment plans and returns, and I can book a viewing.", "قل لي ميزانيتك والمنطقة التي تفضلها وعدد الغرف ومتى تحتاج الوحدة. أجيبك بوحدات حقيقية وخطط سداد وعوائد، ويمكنني حجز معاينة.";
    ChatLog => "Conversation", "المحادثة";
    ChatInputLabel => "Your message", "رسالتك";
    ChatPlaceholder => "Ask about homes, payment plans or returns…", "اسأل عن الوحدات أو خطط السداد أو العائد…";
    ChatSend => "Send", "إرسال";
    ChatStop => "Stop", "إيقاف";
    ChatRetry => "Try again", "حاول مرة أخرى";
    ChatNew => "New chat", "محادثة جديدة";
    ChatYou => "You", "أنت";
    ChatAssistant => "Osool assistant", "مساعد أصول";
    ChatThinking => "Thinking…", "أفكر…";
    ChatStopped => "Stopped.", "تم الإيقاف.";
    ChatCorrected => "Osool removed or corrected {n} detail(s) that did not match its listings.", "صحّحت أصول أو حذفت {n} من التفاصيل التي لا تطابق وحداتها.";
    ChatSignInToBook => "Sign in to book a viewing", "سجّل الدخول لحجز معاينة";
    ChatError => "The assistant could not answer just now. Please try again.", "لم يستطع المساعد الرد الآن. حاول مرة أخرى.";
    ChatTooLong => "Your message is too long: 2,000 characters at most.", "رسالتك طويلة جداً: ٢٬٠٠٠ حرف على الأكثر.";
    ChatOfflineNotConfigured => "Offline assistant: answers come straight from Osool's listings and calculators, without an AI model.", "المساعد غير المتصل: الإجابات مباشرة من وحدات أصول وحاسباتها، بدون نموذج ذكاء اصطناعي.";
    ChatOfflineUnavailable => "The AI model is not answering right now, so the offline assistant answers from Osool's listings.", "نموذج الذكاء الاصطناعي لا يستجيب الآن، لذلك يجيبك المساعد غير المتصل من وحدات أصول.";
    ChatOfflineBudget => "Today's AI allowance is used up, so the offline assistant answers from Osool's listings.", "انتهى رصيد الذكاء الاصطناعي لليوم، لذلك يجيبك المساعد غير المتصل من وحدات أصول.";
    ChatOfflineUnverified => "The AI model's answer could not be checked against Osool's listings, so the offline assistant answers from them.", "تعذّر التحقق من إجابة نموذج الذكاء الاصطناعي في بيانات أصول، لذلك يجيبك المساعد غير المتصل من الوحدات نفسها.";
    ChatUnverifiedNote => "Part of that answer could not be checked against Osool's listings, so it was left out. Here is what the listings themselves say:", "تعذّر التحقق من جزء من هذه الإجابة في بيانات أصول، لذلك حُذف. هذا ما تقوله الوحدات نفسها:";
    ChatToolSearch => "Searching listings", "أبحث في الوحدات";
    ChatToolGet => "Reading the listing", "أقرأ تفاصيل الوحدة";
    ChatToolCompare => "Comparing units", "أقارن الوحدات";
    ChatToolInstallments => "Working out the installments", "أحسب الأقساط";
    ChatToolRoi => "Estimating the return", "أقدّر العائد";
    ChatToolViewing => "Preparing the viewing request", "أجهّز طلب المعاينة";
    ChatProposalTitle => "Viewing request, ready to send", "طلب معاينة جاهز للإرسال";
    ChatProposalTime => "Time you asked for: {t} (Cairo)", "الموعد الذي طلبته: {t} (بتوقيت القاهرة)";
    ChatProposalNoTime => "No time given: the agent will agree one with you.", "بدون موعد: سيتفق معك الوكيل على موعد.";
    ChatProposalNote => "Note for the agent: {n}", "ملاحظة للوكيل: {n}";
    ChatProposalHint => "Nothing is booked until you confirm. Your name and contact details go to the listing's agent.", "لن يُحجز شيء قبل أن تؤكد. سيصل اسمك وبيانات التواصل معك إلى وكيل الوحدة.";
    ChatProposalConfirm => "Confirm viewing", "تأكيد المعاينة";
    ChatProposalSending => "Sending…", "جارٍ الإرسال…";
    ChatProposalConfirmed => "Viewing requested. The agent will confirm the time with you.", "تم طلب المعاينة. سيؤكد معك الوكيل الموعد.";
    ChatProposalExpired => "This request expired. Ask the assistant again to prepare a new one.", "انتهت صلاحية هذا الطلب. اطلب من المساعد تجهيز طلب جديد.";
    ChatToolOther => "Working", "أعمل على طلبك";
    ChatSuggestions => "Suggestions", "اقتراحات";
    ChatSuggest1 => "3 bedroom apartment in New Cairo under 10 million", "شقة ٣ غرف في التجمع أقل من ١٠ مليون";
    ChatSuggest2 => "Villa in Sheikh Zayed with 8 years installments", "فيلا في الشيخ زايد بالتقسيط على ٨ سنين";
    ChatSuggest3 => "Chalet in the North Coast ready to move", "شاليه في الساحل الشمالي استلام فوري";
    ChatSuggestUnit1 => "What is the monthly installment on this unit?", "كم القسط الشهري لهذه الوحدة؟";
    ChatSuggestUnit2 => "What rental return can I expect from this unit?", "ما العائد المتوقع من إيجار هذه الوحدة؟";
    ChatSuggestUnit3 => "Book a viewing of this unit", "احجز معاينة لهذه الوحدة";
    ChatAskUnit => "Ask about this unit", "اسأل عن هذه الوحدة";
    ChatAskUnitHint => "The price, the payment plan, the rental return or a viewing: the assistant answers from this listing's real data.", "السعر أو خطة السداد أو العائد أو المعاينة: يجيبك المساعد من بيانات هذه الوحدة الحقيقية.";
    ChatOpenFull => "Open the full chat", "افتح المحادثة كاملة";
    ChatHistory => "Your conversations", "محادثاتك";
    ChatHistoryEmpty => "Your conversations will show here.", "ستظهر محادثاتك هنا.";
    DashViewingsTitle => "Viewing requests", "طلبات المعاينة";
    DashViewingsEmpty => "No viewing requests yet.", "لا توجد طلبات معاينة بعد.";
    DashViewingsCount => "{n} requests", "عدد الطلبات: {n}";
    DashBuyer => "Buyer", "المشتري";
    DashContact => "Contact", "التواصل";
    DashPreferred => "Preferred time (Cairo)", "الموعد المفضل (بتوقيت القاهرة)";
    DashRequested => "Requested", "تاريخ الطلب";
    DashNoTimeGiven => "not given: agree a day and time with the buyer", "لم يُحدَّد: اتفق مع المشتري على اليوم والموعد";
    DashSignIn => "Sign in with your agent account to use the dashboard.", "سجّل الدخول بحساب الوكيل لاستخدام لوحة التحكم.";
    DashNav => "Dashboard", "لوحة التحكم";
    DashLeadsTitle => "Leads", "العملاء المحتملون";
    DashLeadsEmpty => "No leads match these filters.", "لا يوجد عملاء محتملون مطابقون.";
    DashLeadsCount => "{n} leads", "عدد العملاء: {n}";
    DashFilterStatus => "Status", "الحالة";
    DashFilterScore => "Score", "التقييم";
    DashFilterAgent => "Agent", "الوكيل";
    DashFilterSearch => "Name, phone, area or timeline", "الاسم أو الهاتف أو المنطقة أو الموعد";
    DashFilterAll => "All", "الكل";
    DashUnassigned => "Unassigned", "غير مُسند";
    DashApply => "Apply", "تطبيق";
    DashVisitor => "Anonymous visitor", "زائر لم يسجّل";
    DashNoName => "Buyer (no name given)", "مشترٍ (بلا اسم)";
    ScoreHot => "Hot", "ساخن";
    ScoreWarm => "Warm", "دافئ";
    ScoreCold => "Cold", "بارد";
    LeadNew => "New", "جديد";
    LeadContacted => "Contacted", "تم التواصل";
    LeadViewingScheduled => "Viewing scheduled", "المعاينة محددة";
    LeadNegotiating => "Negotiating", "تفاوض";
    LeadWon => "Won", "تم البيع";
    LeadLost => "Lost", "لم يتم";
    DashBudget => "Budget", "الميزانية";
    DashArea => "Area", "المنطقة";
    DashTimeline => "Timeline", "الموعد";
    DashAgent => "Agent", "الوكيل";
    DashLastActivity => "Last activity", "آخر نشاط";
    DashViewingsN => "Viewings", "المعاينات";
    DashPoints => "{n} points", "{n} نقطة";
    DashWhyScore => "Why this score", "سبب التقييم";
    SignalViewing => "Asked to view", "طلب معاينة";
    SignalContact => "Asked to be contacted", "طلب التواصل";
    SignalBudget => "Stated a budget", "حدد ميزانية";
    SignalTimeline => "Gave a timeline", "حدد موعدًا";
    SignalArea => "Named an area", "حدد منطقة";
    SignalSaved => "Saved listings", "حفظ عقارات";
    SignalPhone => "Verified phone", "هاتف مؤكَّد";
    DashContactHidden => "Contact details are shown to the assigned agent only.", "تظهر بيانات التواصل للوكيل المسؤول فقط.";
    DashMoveTo => "Status", "الحالة";
    DashNote => "Note", "ملاحظة";
    DashSave => "Save", "حفظ";
    DashAddNote => "Add note", "أضف ملاحظة";
    DashSavedOk => "Saved.", "تم الحفظ.";
    DashAssignTo => "Assigned agent", "الوكيل المسؤول";
    DashAssign => "Assign", "إسناد";
    DashTranscript => "Conversation with the assistant", "المحادثة مع المساعد";
    DashAssistant => "Assistant", "المساعد";
    DashLookedAt => "Listings they looked at", "عقارات اطّلع عليها";
    DashSavedListings => "Saved listings", "العقارات المحفوظة";
    DashNone => "None yet.", "لا شيء بعد.";
    DashHistory => "History", "السجل";
    HistCreated => "Lead created", "أُنشئ العميل";
    HistStatus => "Status changed", "تغيّرت الحالة";
    HistNote => "Note", "ملاحظة";
    HistAssigned => "Assigned to", "أُسند إلى";
    HistViewing => "Viewing", "معاينة";
    HistSystem => "Osool", "أصول";
    DashAllLeads => "All leads", "كل العملاء";
    DashLeadTitle => "Lead #{n}", "العميل رقم {n}";
    DashViewList => "List", "قائمة";
    DashViewWeek => "Week", "أسبوع";
    DashPrevWeek => "Previous week", "الأسبوع السابق";
    DashNextWeek => "Next week", "الأسبوع التالي";
    DashThisWeek => "This week", "هذا الأسبوع";
    DashScheduled => "Agreed time (Cairo)", "الموعد المتفق عليه (بتوقيت القاهرة)";
    DashConfirm => "Confirm", "تأكيد";
    DashReschedule => "Reschedule", "تغيير الموعد";
    DashCancelViewing => "Cancel viewing", "إلغاء المعاينة";
    DashViewingTime => "Date and time (Cairo)", "التاريخ والوقت (بتوقيت القاهرة)";
    DashMessageToBuyer => "Message to the buyer (optional)", "رسالة للمشتري (اختيارية)";
    DashBuyerTold => "Done: the buyer was told.", "تم، وأُبلغ المشتري.";
    DashOpenLead => "Open lead", "فتح العميل";
    DashNoViewingsWeek => "No viewings this week.", "لا توجد معاينات هذا الأسبوع.";
    VStatusRequested => "Requested", "مطلوبة";
    VStatusConfirmed => "Confirmed", "مؤكدة";
    VStatusRescheduled => "Rescheduled", "موعد جديد";
    VStatusCancelled => "Cancelled", "ملغاة";
    VStatusCompleted => "Completed", "تمت";
    DaySat => "Saturday", "السبت";
    DaySun => "Sunday", "الأحد";
    DayMon => "Monday", "الاثنين";
    DayTue => "Tuesday", "الثلاثاء";
    DayWed => "Wednesday", "الأربعاء";
    DayThu => "Thursday", "الخميس";
    DayFri => "Friday", "الجمعة";
    DashUsersTitle => "Users and roles", "المستخدمون والأدوار";
    DashAnalyticsTitle => "Analytics", "التحليلات";
    DashRole => "Role", "الدور";
    RoleBuyer => "Buyer", "مشترٍ";
    RoleAgent => "Agent", "وكيل";
    RoleAdmin => "Admin", "مدير";
    DashMakeAgent => "Make agent", "تعيين وكيلًا";
    DashRevokeAgent => "Revoke agent role", "سحب دور الوكيل";
    DashOpenLeads => "Open leads", "عملاء مفتوحون";
    DashOpenViewings => "Open viewings", "معاينات مفتوحة";
    DashJoined => "Joined", "تاريخ الانضمام";
    DashUsersCount => "{n} users", "عدد المستخدمين: {n}";
    DashUsersFilter => "Name, email or phone", "الاسم أو البريد أو الهاتف";
    DashName => "Name", "الاسم";
    ChartSearches => "Searches per day", "عمليات البحث يوميًا";
    ChartZero => "Searches with no results per day", "عمليات البحث بلا نتائج يوميًا";
    ChartChats => "Chats per day", "المحادثات يوميًا";
    ChartLeads => "New leads per day", "العملاء الجدد يوميًا";
    ChartLeadsStatus => "Leads by status", "العملاء حسب الحالة";
    ChartViewings => "Viewing requests per day", "طلبات المعاينة يوميًا";
    ChartViewingsStatus => "Viewings by status", "المعاينات حسب الحالة";
    ChartLlmCost => "Model cost per day (USD) against the daily budget", "تكلفة النموذج يوميًا (بالدولار) مقابل الميزانية اليومية";
    ChartLlmTokens => "Model tokens per day", "رموز النموذج يوميًا";
    DashTopZero => "Most frequent searches with no results", "أكثر عمليات البحث تكرارًا بلا نتائج";
    DashBudgetLine => "Daily budget: {n}", "الميزانية اليومية: {n}";
    DashCostsUnavailable => "The cost monitor cannot be read right now.", "تعذّرت قراءة مراقب التكلفة الآن.";
    DashPeriod => "Period", "الفترة";
    DashDays => "Last {n} days", "آخر {n} يومًا";
    DashDate => "Date", "التاريخ";
    DashCount => "Count", "العدد";
    DashQuery => "Search", "عبارة البحث";
    DashTotal => "Total: {n}", "الإجمالي: {n}";
    DashShowData => "Show the figures", "اعرض الأرقام";
    DashListingsTitle => "Listings", "العقارات";
    DashNewListing => "New listing", "عقار جديد";
    DashEditListing => "Edit listing #{n}", "تعديل العقار رقم {n}";
    DashListingsCount => "{count}", "{count}";
    DashListingsFilter => "Title, compound, area or number", "العنوان أو الكمبوند أو المنطقة أو الرقم";
    DashAvailable => "On the market", "معروض";
    DashUnavailable => "Off the market", "غير معروض";
    DashSold => "Sold", "تم البيع";
    DashMarkAvailable => "Put on the market", "اعرضه للبيع";
    DashMarkUnavailable => "Take off the market", "أوقف عرضه";
    DashMarkSold => "Mark sold", "سجّله مباعًا";
    DashEdit => "Edit", "تعديل";
    DashView => "View", "عرض";
    FTitleEn => "Title (English)", "العنوان (بالإنجليزية)";
    FTitleAr => "Title (Arabic)", "العنوان (بالعربية)";
    FDescEn => "Description (English)", "الوصف (بالإنجليزية)";
    FDescAr => "Description (Arabic)", "الوصف (بالعربية)";
    FType => "Type", "النوع";
    FLocation => "Area", "المنطقة";
    FDistrict => "District", "الحي";
    FCompound => "Compound", "الكمبوند";
    FDeveloper => "Developer", "المطوّر";
    FBedrooms => "Bedrooms", "غرف النوم";
    FBathrooms => "Bathrooms", "الحمامات";
    FArea => "Size (m²)", "المساحة (م²)";
    FPrice => "Price (EGP)", "السعر (جنيه)";
    FDeliveryYear => "Delivery year", "سنة التسليم";
    FDelivered => "Delivered, ready to move in", "مُسلَّم وجاهز للسكن";
    FFinishing => "Finishing", "التشطيب";
    FSaleType => "Sale", "نوع البيع";
    FDown => "Down payment (%)", "المقدم (٪)";
    FDeliveryPay => "Payment at delivery (%)", "دفعة الاستلام (٪)";
    FYears => "Installment years", "سنوات التقسيط";
    FFrequency => "Installments", "الأقساط";
    FInstallment => "Installment amount (EGP)", "قيمة القسط (جنيه)";
    FMaintenance => "Maintenance deposit (%)", "وديعة الصيانة (٪)";
    FReservationFee => "Reservation fee (EGP; empty for the default share)", "رسوم الحجز (جنيه؛ اتركها فارغة للنسبة الافتراضية)";
    FImage => "Image URL", "رابط الصورة";
    FUnknown => "Not stated", "غير محدد";
    FSaved => "Saved: search shows it now.", "تم الحفظ، ويظهر في البحث الآن.";
    FreqMonthly => "Monthly", "شهرية";
    FreqQuarterly => "Quarterly", "ربع سنوية";
    FreqNone => "Cash, no installments", "كاش بدون أقساط";
    FInvalid => "Check “{f}”: {m}", "راجع حقل «{f}».";
    DashForbidden => "This page is for Osool's agents.", "هذه الصفحة لوكلاء أصول.";
    Pagination => "Pages", "الصفحات";

    NotFoundTitle => "Page not found", "الصفحة غير موجودة";
    NotFoundBody => "The page you asked for does not exist or has moved.", "الصفحة التي طلبتها غير موجودة أو تم نقلها.";
    BackHome => "Back to the home page", "العودة إلى الصفحة الرئيسية";
    ErrorGeneric => "Something went wrong. Please try again.", "حدث خطأ ما. حاول مرة أخرى.";
}

/// A counted noun, in the plural rules of each language (Arabic has six
/// forms: zero, one, two, few, many, other).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Plural {
    Installments,
    Years,
    Bedrooms,
    Seconds,
    Minutes,
    Listings,
}

impl Plural {
    pub fn form(self, lang: Lang, n: u64) -> &'static str {
        match lang {
            Lang::En => {
                let one = n == 1;
                match self {
                    Plural::Installments if one => "{n} installment",
                    Plural::Installments => "{n} installments",
                    Plural::Years if one => "{n} year",
                    Plural::Years => "{n} years",
                    Plural::Bedrooms if one => "{n} bedroom",
                    Plural::Bedrooms => "{n} bedrooms",
                    Plural::Seconds if one => "{n} second",
                    Plural::Seconds => "{n} seconds",
                    Plural::Minutes if one => "{n} minute",
                    Plural::Minutes => "{n} minutes",
                    Plural::Listings if one => "{n} listing",
                    Plural::Listings => "{n} listings",
                }
            }
            Lang::Ar => {
                let category = arabic_category(n);
                match (self, category) {
                    (Plural::Installments, ArabicCategory::One) => "قسط واحد",
                    (Plural::Installments, ArabicCategory::Two) => "قسطان",
                    (Plural::Installments, ArabicCategory::Few) => "{n} أقساط",
                    (Plural::Installments, ArabicCategory::Many) => "{n} قسطًا",
                    (Plural::Installments, _) => "{n} قسط",
                    (Plural::Years, ArabicCategory::One) => "سنة واحدة",
                    (Plural::Years, ArabicCategory::Two) => "سنتان",
                    (Plural::Years, ArabicCategory::Few) => "{n} سنوات",
                    (Plural::Years, _) => "{n} سنة",
                    (Plural::Bedrooms, ArabicCategory::One) => "غرفة نوم واحدة",
                    (Plural::Bedrooms, ArabicCategory::Two) => "غرفتا نوم",
                    (Plural::Bedrooms, ArabicCategory::Few) => "{n} غرف نوم",
                    (Plural::Bedrooms, _) => "{n} غرفة نوم",
                    (Plural::Seconds, ArabicCategory::One) => "ثانية واحدة",
                    (Plural::Seconds, ArabicCategory::Two) => "ثانيتين",
                    (Plural::Seconds, ArabicCategory::Few) => "{n} ثوانٍ",
                    (Plural::Seconds, _) => "{n} ثانية",
                    (Plural::Minutes, ArabicCategory::One) => "دقيقة واحدة",
                    (Plural::Minutes, ArabicCategory::Two) => "دقيقتين",
                    (Plural::Minutes, ArabicCategory::Few) => "{n} دقائق",
                    (Plural::Minutes, _) => "{n} دقيقة",
                    (Plural::Listings, ArabicCategory::One) => "وحدة واحدة",
                    (Plural::Listings, ArabicCategory::Two) => "وحدتان",
                    (Plural::Listings, ArabicCategory::Few) => "{n} وحدات",
                    (Plural::Listings, _) => "{n} وحدة",
                }
            }
        }
    }
}

enum ArabicCategory {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

/// CLDR plural categories for Arabic integers.
fn arabic_category(n: u64) -> ArabicCategory {
    match (n, n % 100) {
        (0, _) => ArabicCategory::Zero,
        (1, _) => ArabicCategory::One,
        (2, _) => ArabicCategory::Two,
        (_, 3..=10) => ArabicCategory::Few,
        (_, 11..=99) => ArabicCategory::Many,
        _ => ArabicCategory::Other,
    }
}
