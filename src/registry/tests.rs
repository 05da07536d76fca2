//! The registry's tests: the shipped file, lookups, keys, suggestions and load errors.

use super::key::*;
use super::*;
use chrono::NaiveDate;
use std::path::Path;

const SHIPPED: &str = include_str!("../../input/partners.toml");

fn shipped() -> PartnerRegistry {
    match PartnerRegistry::from_toml(SHIPPED, "input/partners.toml") {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    }
}

fn error(toml: &str) -> RegistryError {
    match PartnerRegistry::from_toml(toml, "input/partners.toml") {
        Ok(_) => panic!("loaded, but should not:\n{toml}"),
        Err(e) => e,
    }
}

#[test]
fn registry_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<PartnerRegistry>();
}

#[test]
fn shipped_registry_lists_the_28_partners_in_file_order() {
    let reg = shipped();
    let mut names: Vec<&str> = reg.partners().iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 28);
    assert_eq!(names[0], "Apple", "file order");
    names.sort_unstable();
    let mut expected = vec![
        "Apple",
        "AT&T",
        "BT",
        "CCIA",
        "Cloudflare",
        "Deutsche Telekom",
        "DigitalEurope",
        "Element AI",
        "ETNO",
        "EuroISPA",
        "European Digital SME Alliance",
        "Facebook",
        "GNI",
        "Google",
        "GSMA",
        "IBM",
        "ICC",
        "ICCO",
        "IEEE",
        "Intel",
        "ISOC",
        "Kaspersky",
        "LEGO Group",
        "Microsoft",
        "Orange",
        "RIPE NCC",
        "Telefónica",
        "Thales",
    ];
    expected.sort_unstable();
    assert_eq!(names, expected);
    assert_eq!(
        reg.candidates()
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["Sberbank"]
    );
    // Five declared, and eight different organisations declared beside partners.
    assert_eq!(reg.non_partners().len(), 13);
}

#[test]
fn shipped_registry_loads_from_disk() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/partners.toml");
    // The scratch crate has no input/ folder: write the shipped text to a temp file.
    let path = if path.exists() {
        path
    } else {
        let tmp = std::env::temp_dir().join(format!("partners-{}.toml", std::process::id()));
        std::fs::write(&tmp, SHIPPED).expect("temp file is writable");
        tmp
    };
    let reg = PartnerRegistry::load(&path).expect("shipped registry loads");
    assert_eq!(reg.partners().len(), 28);
}

#[test]
fn join_dates_are_as_the_documents_tell_them() {
    let reg = shipped();
    let rows: &[(&str, &str)] = &[
        ("Apple", "2017-11-08"),
        ("CCIA", "2017-11-08"),
        ("Deutsche Telekom", "2017-11-08"),
        ("DigitalEurope", "2017-11-08"),
        ("European Digital SME Alliance", "2017-11-08"),
        ("ETNO", "2017-11-08"),
        ("Facebook", "2017-11-08"),
        ("GNI", "2017-11-08"),
        ("Google", "2017-11-08"),
        ("Microsoft", "2017-11-08"),
        ("Kaspersky", "2017-11-08"),
        ("Orange", "2017-11-08"),
        ("Telefónica", "2017-11-08"),
        ("GSMA", "2017-11-08"),
        ("Cloudflare", "2018-05-23"),
        ("EuroISPA", "2018-05-23"),
        ("Element AI", "2020-02-06"),
        ("ICCO", "2020-02-06"),
        ("IEEE", "2020-02-06"),
        ("Intel", "2020-02-06"),
        ("RIPE NCC", "2020-02-06"),
        ("AT&T", "2020"),
        ("BT", "2020"),
        ("IBM", "2020"),
        ("ISOC", "2020"),
        ("ICC", "2022-06-28"),
        ("LEGO Group", "2022-06-28"),
        ("Thales", "2022-06-28"),
    ];
    for (name, date) in rows {
        let p = reg
            .partner(name)
            .unwrap_or_else(|| panic!("{name} is a partner"));
        assert_eq!(
            p.joined.map(|d| d.to_string()).as_deref(),
            Some(*date),
            "{name}"
        );
        assert!(
            p.joined_source.is_some(),
            "{name} says where its date comes from"
        );
    }
    let gsma = reg.partner("GSMA").expect("GSMA");
    assert!(gsma
        .joined_source
        .as_deref()
        .is_some_and(|s| s.starts_with("inferred")));
    assert!(gsma.note.as_deref().is_some_and(|s| s.contains("inferred")));
    let count = |d: &str| {
        reg.partners()
            .iter()
            .filter(|p| p.joined.map(|j| j.to_string()).as_deref() == Some(d))
            .count()
    };
    assert_eq!(count("2017-11-08"), 14, "8 firms and 6 associations");
    let assoc_2017 = reg
        .partners()
        .iter()
        .filter(|p| {
            p.kind == PartnerKind::Association
                && p.joined.map(|j| j.to_string()).as_deref() == Some("2017-11-08")
        })
        .count();
    assert_eq!(assoc_2017, 6);
    assert_eq!(
        reg.partners()
            .iter()
            .filter(|p| p.joined.is_some_and(|j| j.year == 2020))
            .count(),
        9
    );
}

#[test]
fn entries_know_the_line_of_their_name() {
    let reg = PartnerRegistry::from_toml(
        "# comment\n[[partner]]\nkind = \"company\"\nname = \"Acme\"\n\n\
         [[candidate]]\nname = \"Bolt\"\n[[non_partner]]\nname = \"Cord\"\n",
        "partners.toml",
    )
    .expect("loads");
    assert_eq!(reg.partners()[0].line, 4);
    assert_eq!(reg.candidates()[0].line, 7);
    assert_eq!(reg.non_partners()[0].line, 9);
    let shipped = shipped();
    let gsma = shipped.partner("GSMA").expect("GSMA");
    let line = SHIPPED.lines().nth(gsma.line - 1).expect("line exists");
    assert_eq!(line, "name = \"GSMA\"");
}

#[test]
fn element_ai_keeps_its_name_and_records_the_rename() {
    let reg = shipped();
    let p = reg.partner("Element AI").expect("Element AI");
    assert_eq!(p.renames.len(), 1);
    assert_eq!(p.renames[0].to, "ServiceNow");
    assert_eq!(p.renames[0].date, None);
    let m = reg.lookup("ServiceNow").expect("the new name is matched");
    assert_eq!(m.canonical, "Element AI");
    assert!(
        reg.partner("Facebook")
            .is_some_and(|p| p.renames.is_empty()),
        "Meta rename is commented out"
    );
}

/// Spellings seen in workplans, each with the canonical name and the rule that finds it.
const SPELLINGS_SEEN: &[(&str, &str, MatchRule)] = &[
    (
        "Deutsche Telecom",
        "Deutsche Telekom",
        MatchRule::ExactAlias,
    ),
    (
        "Deutsche Telekom",
        "Deutsche Telekom",
        MatchRule::ExactAlias,
    ),
    ("Digital Europe", "DigitalEurope", MatchRule::ExactAlias),
    (
        "Digital Europe - Digital Economy & Trade Groups",
        "DigitalEurope",
        MatchRule::ExactAlias,
    ),
    (
        "European Telecommunications Network Operators' Association (ETNO)",
        "ETNO",
        MatchRule::ExactAlias,
    ),
    (
        "ETNO association (European Telecommunications Netiwork Operators)",
        "ETNO",
        MatchRule::ExactAlias,
    ),
    (
        "the European Telecommunications Network Operators' Association (ETNO)",
        "ETNO",
        MatchRule::ExactAlias,
    ),
    (
        "Global Network Initiative (GNI)",
        "GNI",
        MatchRule::ExactAlias,
    ),
    (
        "GNI (Global Network Initiative)",
        "GNI",
        MatchRule::ExactAlias,
    ),
    (
        "the Global Network Initiative (GNI)",
        "GNI",
        MatchRule::ExactAlias,
    ),
    (
        "EuroISPA (European Internet Services Providers Association)",
        "EuroISPA",
        MatchRule::ExactAlias,
    ),
    (
        "Computer & Communications industry association (CCIA)",
        "CCIA",
        MatchRule::ExactAlias,
    ),
    (
        "CCIA (Computer & Communication Industry association)",
        "CCIA",
        MatchRule::ExactAlias,
    ),
    (
        "Computer & Communications Industry Association (CCIA)",
        "CCIA",
        MatchRule::ExactAlias,
    ),
    ("Kaspersky Lab", "Kaspersky", MatchRule::ExactAlias),
    ("Telefónica SA", "Telefónica", MatchRule::ExactAlias),
    ("Telefonica", "Telefónica", MatchRule::ExactAlias),
    ("INTEL", "Intel", MatchRule::ExactAlias),
    ("British Telecom", "BT", MatchRule::ExactAlias),
    ("The Internet Society (ISOC)", "ISOC", MatchRule::ExactAlias),
    ("Thalès", "Thales", MatchRule::ExactAlias),
    (
        "Element AI (now ServiceNow)",
        "Element AI",
        MatchRule::ExactAlias,
    ),
    ("Element Al", "Element AI", MatchRule::ExactAlias),
    (
        "The international Chamber of Commerce (ICC)",
        "ICC",
        MatchRule::ExactAlias,
    ),
    ("the LEGO Group", "LEGO Group", MatchRule::ExactAlias),
    (
        "International Communications Consultancy Organisation (ICCO)",
        "ICCO",
        MatchRule::ExactAlias,
    ),
    (
        "Réseaux IP Européens Network Coordination Centre (RIPE NCC)",
        "RIPE NCC",
        MatchRule::ExactAlias,
    ),
    (
        "Institute of Electrical and Electronics Engineers (IEEE)",
        "IEEE",
        MatchRule::ExactAlias,
    ),
    (
        "European DIGITAL SME Alliance",
        "European Digital SME Alliance",
        MatchRule::ExactAlias,
    ),
    (
        "DIGITAL SME",
        "European Digital SME Alliance",
        MatchRule::ExactAlias,
    ),
    ("Element AI", "Element AI", MatchRule::ExactAlias),
    ("AT&T", "AT&T", MatchRule::ExactAlias),
    (
        "  Deutsche   Telecom ",
        "Deutsche Telekom",
        MatchRule::ExactAlias,
    ),
    // Normalised key: case, accents, punctuation, "the", legal suffixes.
    ("TELEFONICA S.A.", "Telefónica", MatchRule::NormalisedKey),
    ("Telefónica, S.A.", "Telefónica", MatchRule::ExactAlias),
    ("telefónica", "Telefónica", MatchRule::NormalisedKey),
    ("Thales", "Thales", MatchRule::ExactAlias),
    ("THALES GROUP", "Thales", MatchRule::NormalisedKey),
    ("The Lego Group", "LEGO Group", MatchRule::NormalisedKey),
    ("Lego", "LEGO Group", MatchRule::NormalisedKey),
    ("Kaspersky Labs", "Kaspersky", MatchRule::NormalisedKey),
    ("Google Inc.", "Google", MatchRule::NormalisedKey),
    ("Apple, Inc.", "Apple", MatchRule::NormalisedKey),
    ("at&t", "AT&T", MatchRule::NormalisedKey),
    (
        "Computer and Communications industry association (CCIA)",
        "CCIA",
        MatchRule::NormalisedKey,
    ),
    (
        "European Telecommunications Network Operators Association",
        "ETNO",
        MatchRule::NormalisedKey,
    ),
    ("DigitalEurope", "DigitalEurope", MatchRule::ExactAlias),
    ("Digital-Europe", "DigitalEurope", MatchRule::NormalisedKey),
    ("Euro ISPA", "EuroISPA", MatchRule::NormalisedKey),
    ("Ripe NCC", "RIPE NCC", MatchRule::NormalisedKey),
    (
        "Reseaux IP Europeens Network Coordination Centre",
        "RIPE NCC",
        MatchRule::NormalisedKey,
    ),
    (
        "Te\u{301}le\u{301}fonica",
        "Telefónica",
        MatchRule::NormalisedKey,
    ),
    // Acronym: both parts of "Long (ABC)" / "ABC (Long)"; the acronym with a near long
    // name, or the initials alone, are matches to confirm (issue 22).
    (
        "Tech Against Terrorism Initiative (TAT)",
        "Tech Against Terrorism",
        MatchRule::ExactAlias,
    ),
    (
        "Internet Industry Association (eco)",
        "eco",
        MatchRule::ExactAlias,
    ),
    (
        "Global Network Initiative Foundation (GNI)",
        "GNI",
        MatchRule::AcronymNearName,
    ),
    (
        "IEEE (Institute of Electrical & Electronic Engineers)",
        "IEEE",
        MatchRule::AcronymNearName,
    ),
    (
        "International Communications Consultancy Org",
        "ICCO",
        MatchRule::Initials,
    ),
    (
        "Institute for Electrical Electronics Engineers",
        "IEEE",
        MatchRule::Initials,
    ),
    (
        "European Telecoms Network Operators Association",
        "ETNO",
        MatchRule::Initials,
    ),
    (
        "Internet Corporation Assigned Names Numbers",
        "ICANN",
        MatchRule::Initials,
    ),
    // Candidates and non-partners.
    ("Sberbank", "Sberbank", MatchRule::ExactAlias),
    ("ICANN", "ICANN", MatchRule::ExactAlias),
    ("Symantec", "Symantec", MatchRule::ExactAlias),
    (
        "\"Tech against Trafficking\" network",
        "Tech against Trafficking",
        MatchRule::ExactAlias,
    ),
    (
        "Tech Against Trafficking",
        "Tech against Trafficking",
        MatchRule::NormalisedKey,
    ),
];

#[test]
fn every_spelling_seen_resolves_to_its_canonical_name() {
    let reg = shipped();
    let wrong: Vec<String> = SPELLINGS_SEEN
        .iter()
        .filter_map(|(name, canonical, rule)| {
            let got = reg.lookup(name).map(|m| (m.canonical, m.rule));
            (got != Some((canonical, *rule))).then(|| format!("{name:?}: {got:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn near_misses_and_ambiguities_are_not_matched() {
    let reg = shipped();
    for name in [
        "Gogle",
        "Microsft",
        "Deutsche Bank",
        "Google Microsoft",
        "Google (Microsoft)",
        "Orange Juice",
        "Apple Tree Trust",
        "",
        "   ",
        "Network",
        "Group",
    ] {
        assert_eq!(reg.lookup(name), None, "{name:?}");
    }
}

#[test]
fn entities_are_of_the_right_kind() {
    let reg = shipped();
    let kind = |n: &str| match reg.lookup(n).map(|m| m.entity) {
        Some(Entity::Partner(_)) => "partner",
        Some(Entity::Candidate(_)) => "candidate",
        Some(Entity::NonPartner(_)) => "non-partner",
        Some(Entity::Placeholder) => "placeholder",
        Some(Entity::All) => "all",
        None => "none",
    };
    for (name, expected) in [
        ("Google", "partner"),
        ("Sberbank", "candidate"),
        ("ICANN", "non-partner"),
        ("TBD", "placeholder"),
        ("tbc", "placeholder"),
        (
            "TBD. Possibly \"Tech against Trafficking\" network",
            "placeholder",
        ),
        (
            "Companies interested in providing input to standard-setting work",
            "placeholder",
        ),
        (
            "Companies working on education e.g. Microsoft, Apple, Google",
            "placeholder",
        ),
        (
            "Companies and research centres working on BCI in and around San Francisco.",
            "placeholder",
        ),
        (
            "Companies and research centres working on BCI in and around San Francisco",
            "placeholder",
        ),
        ("N/A", "placeholder"),
        ("n.a.", "placeholder"),
        ("-", "placeholder"),
        ("–", "placeholder"),
        ("All", "all"),
        ("all partners", "all"),
        ("Tous", "all"),
        ("Allianz", "none"),
        ("TBDx", "none"),
    ] {
        assert_eq!(kind(name), expected, "{name:?}");
    }
    let m = reg.lookup("All").expect("All");
    assert_eq!(m.canonical, "");
    assert!(reg.is_placeholder("TBD"));
    assert!(!reg.is_placeholder("Google"));
    assert!(!reg.is_placeholder(""));
}

#[test]
fn placeholder_prefix_covers_its_words_only() {
    let reg = shipped();
    let text = "TBD. Possibly \"Tech against Trafficking\" network";
    assert_eq!(reg.placeholder_prefix(text), Some(3));
    assert_eq!(reg.placeholder_prefix("-"), Some(1));
    assert_eq!(reg.placeholder_prefix("Google"), None);
    assert_eq!(reg.placeholder_prefix(""), None);
}

#[test]
fn legal_suffixes_initials_and_stop_words_are_read_whatever_the_case_and_accents() {
    for (word, suffix) in [
        ("Inc", true),
        ("INC", true),
        ("Inc.", true),
        ("S.A.", true),
        ("sa", true),
        ("Group", true),
        ("GmbH", true),
        ("Plc", true),
        ("Lab", true),
        ("Labs", true),
        // The Kelvin sign folds to "k".
        ("K\u{212A}", false),
        ("Corpo", false),
        // A Swedish and Finnish form (aktiebolag), from GLEIF's list.
        ("AB", true),
        ("A/S", true),
        ("Aktiengesellschaft", true),
        ("", false),
        ("x", false),
        ("Ltd1", false),
        ("Ø", false),
    ] {
        assert_eq!(is_legal_suffix(word), suffix, "{word:?}");
    }
    for (word, letter) in [
        ("Apple", Some('A')),
        ("apple", Some('A')),
        ("Élysée", Some('E')),
        ("Øresund", Some('O')),
        ("ß", Some('S')),
        ("9to5", Some('9')),
        ("(ICCO)", None),
        ("", None),
    ] {
        assert_eq!(initial(word), letter, "{word:?}");
    }
}

#[test]
fn keys_forget_case_accents_punctuation_and_legal_suffixes() {
    for (name, k) in [
        ("the LEGO Group", "lego"),
        ("Telefónica S.A.", "telefonica"),
        ("Telefónica, SA", "telefonica"),
        ("AT&T", "att"),
        ("AT & T", "at and t"),
        (
            "Computer & Communications industry association",
            "computer and communications industry",
        ),
        (
            "European Telecommunications Network Operators' Association",
            "european telecommunications network operators",
        ),
        ("Kaspersky Lab", "kaspersky"),
        ("Thalès", "thales"),
        ("Réseaux IP Européens", "reseaux ip europeens"),
        ("Ørsted A/S", "orsted"),
        ("PJSC Sberbank", "sberbank"),
        ("AO Kaspersky Lab", "kaspersky"),
        ("The", "the"),
        ("Group", "group"),
        (
            "\"Tech against Trafficking\" network",
            "tech against trafficking",
        ),
        ("Element AI (now ServiceNow)", "element ai now servicenow"),
    ] {
        assert_eq!(name_key(name), k, "{name:?}");
    }
}

#[test]
fn no_two_shipped_entries_share_a_key() {
    let reg = shipped();
    let mut seen: HashMap<String, String> = HashMap::default();
    let entries = reg
        .partners()
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.aliases
                    .iter()
                    .chain(p.renames.iter().map(|r| &r.to))
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        })
        .chain(
            reg.candidates()
                .iter()
                .map(|c| (c.name.clone(), c.aliases.clone())),
        )
        .chain(
            reg.non_partners()
                .iter()
                .map(|n| (n.name.clone(), n.aliases.clone())),
        );
    for (name, aliases) in entries {
        for spelling in std::iter::once(&name).chain(&aliases) {
            if let Some(other) = seen.insert(name_key(spelling), name.clone()) {
                assert_eq!(other, name, "{spelling:?} shares its key with {other}");
            }
        }
    }
}

#[test]
fn remembered_suggestions_are_those_worked_out_afresh() {
    let asked_before = shipped();
    let one = asked_before.suggest("Microsfot Corp", 1);
    let three = asked_before.suggest("Microsfot  corp.", 3);
    let fresh = shipped().suggest("Microsfot Corp", 3);
    assert_eq!(
        three, fresh,
        "a name asked once for one suggestion, then for three"
    );
    assert_eq!(one[..], fresh[..1]);
    assert_eq!(
        asked_before.suggest("Microsfot Corp", 5),
        shipped().suggest("Microsfot Corp", 5)
    );
    assert_eq!(asked_before.suggest("Microsfot Corp", 5).len(), 5);
}

#[test]
fn suggestions_are_ranked_and_deterministic() {
    let reg = shipped();
    let s = reg.suggest("Gogle", 3);
    assert_eq!(s.len(), 3);
    assert_eq!(s[0].0, "Google");
    assert!(s[0].1 > 0.9 && s[0].1 <= 1.0, "{s:?}");
    assert!(s.windows(2).all(|w| w[0].1 >= w[1].1));
    assert_eq!(reg.suggest("Deutsche Telekon", 1)[0].0, "Deutsche Telekom");
    assert_eq!(reg.suggest("Symantek", 1)[0].0, "Symantec");
    assert_eq!(reg.suggest("Gogle", 3), s, "same answer every time");
    assert!(reg.suggest("", 3).is_empty());
    assert!(reg.suggest("Google", 0).is_empty());
    // Ties are broken by name.
    let tie = PartnerRegistry::from_toml(
        "[[partner]]\nname = \"Beta\"\nkind = \"company\"\n[[partner]]\nname = \"Alpha\"\nkind = \"company\"\n",
        "t",
    )
    .expect("loads");
    let s = tie.suggest("zzzz", 2);
    assert_eq!(
        s.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
        ["Alpha", "Beta"]
    );
}

#[test]
fn longest_prefix_match_reads_lists_separated_by_spaces() {
    let reg = shipped();
    let rows: &[(&str, Option<(&str, &str)>)] = &[
        (
            "Deutsche Telecom Facebook GNI",
            Some(("Deutsche Telecom", "Deutsche Telekom")),
        ),
        (
            "GNI (Global Network Initiative) Microsoft",
            Some(("GNI (Global Network Initiative)", "GNI")),
        ),
        (
            "EuroISPA (European Internet Services Providers Association) Google",
            Some((
                "EuroISPA (European Internet Services Providers Association)",
                "EuroISPA",
            )),
        ),
        (
            "Telefónica SA  Non-partner: TAT",
            Some(("Telefónica SA", "Telefónica")),
        ),
        (
            "Kaspersky Lab Microsoft",
            Some(("Kaspersky Lab", "Kaspersky")),
        ),
        (
            "Microsoft (Microsoft Corporation) Google",
            Some(("Microsoft (Microsoft Corporation)", "Microsoft")),
        ),
        ("Google (tbc) Apple", Some(("Google", "Google"))),
        (
            "\"Tech against Trafficking\" network",
            Some((
                "\"Tech against Trafficking\" network",
                "Tech against Trafficking",
            )),
        ),
        ("Goo gle Microsoft", Some(("Goo gle", "Google"))),
        (
            "DigitalEurope Google",
            Some(("DigitalEurope", "DigitalEurope")),
        ),
        (
            "the LEGO Group Google",
            Some(("the LEGO Group", "LEGO Group")),
        ),
        ("Gogle Microsoft", None),
        ("TBD Google", None),
        ("", None),
    ];
    for (text, expected) in rows {
        let got = reg
            .longest_prefix_match(text)
            .map(|(n, m)| (&text[..n], m.canonical));
        assert_eq!(got, *expected, "{text:?}");
    }
    let (_, m) = reg
        .longest_prefix_match("Telefónica SA Google")
        .expect("match");
    assert_eq!(m.rule, MatchRule::ExactAlias);
    let (_, m) = reg
        .longest_prefix_match("TELEFONICA Google")
        .expect("match");
    assert_eq!(m.rule, MatchRule::NormalisedKey);
}

#[test]
fn partial_dates_read_and_print_as_written() {
    for (text, ok) in [
        ("2020", Some("2020")),
        ("2020-02", Some("2020-02")),
        ("2020-02-06", Some("2020-02-06")),
        (" 2017-11-08 ", Some("2017-11-08")),
        ("2020-02-30", None),
        ("2020-13", None),
        ("20-02-06", None),
        ("2020/02/06", None),
        ("06/02/2020", None),
        ("2020-2-6", None),
        ("", None),
    ] {
        assert_eq!(
            PartialDate::parse(text).map(|d| d.to_string()).as_deref(),
            ok,
            "{text:?}"
        );
    }
    let d = |s: &str| PartialDate::parse(s).expect("valid");
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(d("2020").first_day(), ymd(2020, 1, 1));
    assert_eq!(d("2020").last_day(), ymd(2020, 12, 31));
    assert_eq!(d("2020-02").last_day(), ymd(2020, 2, 29));
    assert_eq!(d("2020-12").last_day(), ymd(2020, 12, 31));
    assert_eq!(d("2020-02-06").last_day(), ymd(2020, 2, 6));
    assert!(d("2020") < d("2020-02-06"));
}

#[test]
fn toml_dates_are_accepted_too() {
    let reg = PartnerRegistry::from_toml(
        "[[partner]]\nname = \"A\"\nkind = \"company\"\njoined = 2020-02-06\n",
        "t",
    )
    .expect("a bare TOML date is a date");
    assert_eq!(
        reg.partners()[0].joined.map(|d| d.to_string()).as_deref(),
        Some("2020-02-06")
    );
}

#[test]
fn load_errors_name_the_line() {
    let base = "[[partner]]\nname = \"Google\"\nkind = \"company\"\naliases = [\"Google LLC\"]\n\n";
    let rows: &[(String, usize, &str)] = &[
        // Broken TOML: an unclosed string.
        (format!("{base}[[partner]]\nname = \"Apple\nkind = \"company\"\n"), 7, ""),
        // The same alias on two partners: the second is named, and the first's line.
        (
            format!("{base}[[partner]]\nname = \"Alphabet\"\nkind = \"company\"\naliases = [\"Google LLC\"]\n"),
            9,
            "\"Google LLC\" is already given to partner Google (line 4)",
        ),
        // Two spellings with the same key.
        (
            format!("{base}[[partner]]\nname = \"GOOGLE Inc.\"\nkind = \"company\"\n"),
            7,
            "read the same",
        ),
        // A typo in a key.
        (format!("{base}[[partner]]\nname = \"Apple\"\nkind = \"company\"\nalias = [\"Apple Inc.\"]\n"), 9, "unknown field `alias`"),
        // An unknown kind.
        (format!("{base}[[partner]]\nname = \"Apple\"\nkind = \"firm\"\n"), 8, "unknown variant `firm`"),
        // A bad date.
        (format!("{base}[[partner]]\nname = \"Apple\"\nkind = \"company\"\njoined = \"8 November 2017\"\n"), 9, "is not a date"),
        // A missing name.
        (format!("{base}[[partner]]\nkind = \"company\"\n"), 6, "missing field `name`"),
        // A placeholder that would swallow a partner.
        (format!("placeholders = [\"Google\"]\n{base}"), 1, "would swallow \"Google\""),
        // A name with no letters.
        (format!("{base}[[non_partner]]\nname = \"--\"\n"), 7, "has no letters or digits"),
    ];
    for (toml, line, needle) in rows {
        let e = error(toml);
        assert_eq!(e.line, Some(*line), "{e}");
        let shown = e.to_string();
        assert!(
            shown.starts_with(&format!("input/partners.toml line {line}, column ")),
            "{shown}"
        );
        assert!(shown.contains(needle), "{shown}");
        assert!(shown.ends_with("; fix the line and run again"), "{shown}");
    }
}

#[test]
fn a_missing_file_is_named() {
    let e = match PartnerRegistry::load(Path::new("no/such/partners.toml")) {
        Ok(_) => panic!("loaded a missing file"),
        Err(e) => e,
    };
    assert_eq!(e.line, None);
    assert!(
        e.to_string()
            .starts_with("no/such/partners.toml: cannot read the partner registry: "),
        "{e}"
    );
}
