//! Unit tests of the reconciliation: the shipped registry and lists, and small hand-made
//! cases for each rule. The binary on the shipped workplans is tested in
//! `tests/reconcile.rs`.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::wording::{row_numbers, rows_place_in};
use super::*;
use crate::config::Lang;
use crate::model::{Activity, DateSpan, Precision, Source, Status};
use crate::pdf::{Block, TableRow};
use crate::registry::PartnerRegistry;
use crate::report::template::ReportTemplate;

const SHIPPED_REGISTRY: &str = include_str!("../../input/partners.toml");
const SHIPPED_LISTS: &str = include_str!("../../input/partner-lists.csv");

fn registry(text: &str) -> PartnerRegistry {
    PartnerRegistry::from_toml(text, "partners.toml").unwrap_or_else(|e| panic!("{e}"))
}

fn lists(csv: &str) -> PartnerLists {
    let raw = crate::import::csv::read("lists.csv", csv.as_bytes()).expect("reads");
    let mut lists = PartnerLists::default();
    assert!(lists.read_sheet(&raw.sheets[0]), "header found");
    lists.files.push("lists.csv".to_owned());
    lists
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// An activity naming `partners`, dated `start`..`end`, read from `row`.
fn activity(
    title: &str,
    date: &str,
    span: (NaiveDate, NaiveDate),
    partners: &[&str],
    row: u32,
) -> Activity {
    Activity {
        id: format!("a{row}"),
        workplan: None,
        category: None,
        topic: None,
        sector: None,
        domain: None,
        activity: Some(title.into()),
        description: None,
        status: Status::Planned,
        date: DateSpan {
            text: date.to_owned(),
            start: Some(span.0),
            end: Some(span.1),
            precision: Some(Precision::Day),
            tentative: false,
        },
        partners: partners.iter().map(|p| (*p).into()).collect(),
        all_partners: false,
        other_organisations: Box::default(),
        unmatched: Box::default(),
        contacts: Box::default(),
        extra: BTreeMap::new(),
        source: Source {
            file: "wp.xlsx".into(),
            sheet: Some("Workplan".into()),
            rows: vec![row],
        },
        notes: Box::default(),
    }
}

fn run(reg: &PartnerRegistry, lists: &PartnerLists, acts: &[Activity]) -> Reconciliation {
    reconcile(&Inputs {
        registry: reg,
        registry_file: "partners.toml",
        lists,
        activities: acts,
    })
}

/// The findings of `topic`: among the settled facts for a settled topic, else among the
/// disagreements.
/// A finding's sources in English, as disagreements.csv prints them.
fn source_texts(d: &Disagreement) -> Vec<String> {
    d.sources.iter().map(super::Source::text).collect()
}

fn of_topic(rec: &Reconciliation, topic: Topic) -> Vec<&Disagreement> {
    let found = if topic.is_settled() {
        &rec.settled
    } else {
        &rec.disagreements
    };
    found.iter().filter(|d| d.topic == topic).collect()
}

fn row<'r>(rec: &'r Reconciliation, list: &str, written: &str) -> &'r ReconciledName {
    rec.names
        .iter()
        .find(|n| n.list == list && n.name_as_written == written)
        .unwrap_or_else(|| panic!("no row {list} / {written}"))
}

/// The seed activities that bear on the lists: GSMA in 2019, EuroISPA before its join.
fn seed_like_activities() -> Vec<Activity> {
    vec![
        activity(
            "1st meeting of the Committee of experts (MSI-AUT)",
            "6-7/03/2018",
            (day(2018, 3, 6), day(2018, 3, 7)),
            &["Deutsche Telekom", "EuroISPA", "Google"],
            6,
        ),
        activity(
            "2nd Meeting of the Working Group (WG-PEP)",
            "03/05/2019",
            (day(2019, 5, 3), day(2019, 5, 3)),
            &["ETNO", "European Digital SME Alliance", "GSMA"],
            15,
        ),
        activity(
            "World Mobile Congress 2019",
            "25-27/02/2019",
            (day(2019, 2, 25), day(2019, 2, 27)),
            &["GSMA"],
            31,
        ),
        activity(
            "Mobile World Congress 2020",
            "24-26 February 2020",
            (day(2020, 2, 24), day(2020, 2, 26)),
            &["GSMA"],
            40,
        ),
    ]
}

#[test]
fn shipped_lists_are_read_without_warnings() {
    let l = lists(SHIPPED_LISTS);
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    assert_eq!(l.entries.len(), 89);
    assert_eq!(l.claims.len(), 7);
    let rec = run(&registry(SHIPPED_REGISTRY), &l, &[]);
    assert!(rec.warnings.is_empty(), "{:?}", rec.warnings);
    let unmatched: Vec<&str> = rec
        .names
        .iter()
        .filter(|n| n.status == NameStatus::Unmatched)
        .map(|n| n.name_as_written.as_str())
        .collect();
    assert!(unmatched.is_empty(), "{unmatched:?}");
}

#[test]
fn members_of_each_year_from_2017_to_2022() {
    let rec = run(
        &registry(SHIPPED_REGISTRY),
        &lists(SHIPPED_LISTS),
        &seed_like_activities(),
    );
    let years: Vec<(i32, u32, u32, u32)> = rec
        .years
        .iter()
        .map(|y| {
            (
                y.year,
                y.members.companies + y.members.associations,
                y.members.companies,
                y.members.associations,
            )
        })
        .collect();
    assert_eq!(
        years,
        [
            (2017, 14, 8, 6),
            (2018, 16, 9, 7),
            (2019, 16, 9, 7),
            (2020, 25, 14, 11),
            (2021, 25, 14, 11),
            (2022, 28, 16, 12),
        ]
    );
    let joined = |y: i32| -> Vec<&str> {
        let mut v: Vec<&str> = rec.years[(y - 2017) as usize]
            .joined
            .iter()
            .map(|j| j.name.as_str())
            .collect();
        v.sort_unstable();
        v
    };
    assert_eq!(joined(2018), ["Cloudflare", "EuroISPA"]);
    assert_eq!(
        joined(2020),
        [
            "AT&T",
            "BT",
            "Element AI",
            "IBM",
            "ICCO",
            "IEEE",
            "ISOC",
            "Intel",
            "RIPE NCC"
        ]
    );
    assert!(joined(2019).is_empty() && joined(2021).is_empty());
    assert_eq!(joined(2022), ["ICC", "LEGO Group", "Thales"]);
    assert!(joined(2017).contains(&"GSMA"));

    // The same from partners-by-year rows.
    for (year, count) in [
        (2017, 14),
        (2018, 16),
        (2019, 16),
        (2020, 25),
        (2021, 25),
        (2022, 28),
    ] {
        let n = rec
            .partners_by_year
            .iter()
            .filter(|r| r.year == year && r.partner == Membership::Yes)
            .count();
        assert_eq!(n, count, "{year}");
    }
    let gsma_2019 = rec
        .partners_by_year
        .iter()
        .find(|r| r.name == "GSMA" && r.year == 2019)
        .expect("GSMA 2019");
    assert_eq!(gsma_2019.activities, 2);
    assert!(gsma_2019.lists.is_empty(), "{:?}", gsma_2019.lists);
    let sber = rec
        .partners_by_year
        .iter()
        .find(|r| r.name == "Sberbank" && r.year == 2020)
        .expect("Sberbank 2020");
    assert_eq!((sber.kind, sber.partner), ("candidate", Membership::No));
    assert_eq!(sber.lists, ["2020 overview: Discussions with"]);
}

#[test]
fn renames_and_candidates_of_the_seeds() {
    let rec = run(&registry(SHIPPED_REGISTRY), &lists(SHIPPED_LISTS), &[]);
    let element = row(&rec, "Participants", "Element AI (now ServiceNow)");
    assert_eq!(element.status, NameStatus::Renamed);
    assert_eq!(element.canonical.as_deref(), Some("Element AI"));
    assert!(
        element.note.contains("Element AI → ServiceNow"),
        "{}",
        element.note
    );
    assert_eq!(rec.undated_renames.len(), 1);
    let (en, fr) = (
        rec.undated_renames[0].words(Lang::En),
        rec.undated_renames[0].words(Lang::Fr),
    );
    assert!(
        en.starts_with("Element AI → ServiceNow (date not given)")
            && en.contains("; written so: “Element AI (now ServiceNow)” at lists.csv row 75"),
        "{en}"
    );
    assert!(
        fr.starts_with("Element AI → ServiceNow (date non indiquée) ; source : ")
            && fr.contains(
                " ; écrit ainsi : «\u{a0}Element AI (now ServiceNow)\u{a0}» à lists.csv ligne 75"
            ),
        "{fr}"
    );
    // "Element Al" (lower-case l, as extracted) is the same partner, not renamed.
    assert_eq!(
        row(&rec, "Short descriptions", "Element Al").status,
        NameStatus::Partner
    );

    let sber = row(&rec, "Discussions with", "Sberbank");
    assert_eq!(sber.status, NameStatus::Candidate);
    assert!(sber.note.contains("never joined"), "{}", sber.note);
    let bt = row(&rec, "Discussions with", "British Telecom");
    assert_eq!(
        (bt.status, bt.canonical.as_deref()),
        (NameStatus::Candidate, Some("BT"))
    );
    assert!(bt.note.contains("joined 2020"), "{}", bt.note);
    let thales = row(&rec, "Discussions with", "Thalès");
    assert!(thales.note.contains("joined 2022-06-28"), "{}", thales.note);
    assert_eq!(
        row(&rec, "joined on 28 June 2022", "Thalès").status,
        NameStatus::Joined
    );
    assert_eq!(
        row(&rec, "2020 list", "INTEL").canonical.as_deref(),
        Some("Intel")
    );
    assert_eq!(
        row(&rec, "Participants", "Kaspersky Lab").status,
        NameStatus::Partner
    );

    let never = of_topic(&rec, Topic::NeverJoined);
    assert_eq!(never.len(), 1);
    assert_eq!(never[0].subject, "Sberbank");
    assert!(
        source_texts(never[0])
            .iter()
            .any(|s| s.starts_with("lists.csv row 64")),
        "{:?}",
        never[0].sources
    );
    assert!(
        never[0].text().contains("“Participants” (later leaflet"),
        "{}",
        never[0].text()
    );

    // 2020: who was in discussion, and what became of them.
    let y2020 = &rec.years[3];
    let outcomes: Vec<(&str, String)> = y2020
        .discussions
        .iter()
        .map(|d| (d.name_as_written.as_str(), d.outcome.describe(Lang::En)))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("AT&T", "joined 2020".to_owned()),
            ("British Telecom", "joined 2020".to_owned()),
            ("IBM", "joined 2020".to_owned()),
            ("ISOC", "joined 2020".to_owned()),
            ("Sberbank", "never joined".to_owned()),
            ("Thalès", "joined 2022-06-28".to_owned()),
        ]
    );
}

#[test]
fn findings_are_worded_when_printed_in_english_or_french() {
    let rec = run(
        &registry(SHIPPED_REGISTRY),
        &lists(SHIPPED_LISTS),
        &seed_like_activities(),
    );
    let all: Vec<&Disagreement> = rec.disagreements.iter().chain(&rec.settled).collect();
    assert!(all.len() >= 5, "{all:#?}");
    for d in all {
        let (en, fr) = (d.text(), d.text_in(Lang::Fr));
        assert_eq!(en, d.text_in(Lang::En));
        assert!(fr.contains(&d.subject), "{fr}");
        for english in [
            "by the registry",
            "never joined",
            " is named in ",
            ", as of ",
            " announces ",
            "Registry note",
            "“",
        ] {
            assert!(!fr.contains(english), "{english:?} in {fr}");
        }
        for source in &d.sources {
            let fr = source.words(Lang::Fr);
            assert_eq!(source.text(), source.words(Lang::En));
            for english in [
                " row ",
                " rows ",
                " line ",
                ": joined ",
                "(the list)",
                "(source: ",
            ] {
                assert!(!fr.contains(english), "{english:?} in {fr}");
            }
        }
        assert_ne!(
            wording::topic_title(d.topic, Lang::Fr),
            d.topic.title(),
            "{:?}",
            d.topic
        );
    }
    let outcomes = [
        Outcome::Joined(crate::registry::PartialDate::parse("2022-06-28").unwrap()),
        Outcome::NeverJoined,
    ];
    let words: Vec<String> = outcomes.iter().map(|o| o.describe(Lang::Fr)).collect();
    assert_eq!(words, ["adhésion 28 juin 2022", "jamais adhéré"]);
}

#[test]
fn the_seeds_disagreements_with_their_sources() {
    let rec = run(
        &registry(SHIPPED_REGISTRY),
        &lists(SHIPPED_LISTS),
        &seed_like_activities(),
    );
    // "8 ... firms and 6 associations" while the 2017 list names five associations.
    let counts = of_topic(&rec, Topic::AnnouncedCount);
    assert_eq!(counts.len(), 1, "{counts:#?}");
    assert_eq!(counts[0].subject, "2017 list");
    assert!(
        counts[0]
            .text()
            .contains("announces 8 companies and 6 associations")
            && counts[0]
                .text()
                .contains("names 8 companies and 5 associations")
            && counts[0]
                .text()
                .contains("CCIA, DigitalEurope, ETNO, European Digital SME Alliance, GNI"),
        "{}",
        counts[0].text()
    );
    assert_eq!(
        counts[0].sources[1].text(),
        "lists.csv rows 3-15 (the list)"
    );
    assert!(counts[0].sources[0]
        .text()
        .starts_with("lists.csv row 2: section 1"));

    // The other announced counts agree with the lists and the registry.
    let agreeing: Vec<&str> = rec
        .counts
        .iter()
        .filter(|c| c.named_agrees != Some(false) && c.registry_agrees == Some(true))
        .map(|c| c.list.label.as_str())
        .collect();
    assert_eq!(agreeing.len(), 6, "{agreeing:?}");
    let participants = rec
        .counts
        .iter()
        .find(|c| c.list.label == "Participants")
        .expect("participants claim");
    assert_eq!(participants.named.map(|n| n.total()), Some(25));

    // GSMA in 2019 activities, absent from the 2017 and 2018 lists.
    let listed = of_topic(&rec, Topic::ActiveBeforeListed);
    assert_eq!(listed.len(), 1, "{listed:#?}");
    assert_eq!(listed[0].subject, "GSMA");
    assert!(
        listed[0].text().contains("2 activities in 2019")
            && listed[0]
                .text()
                .contains("“2017 list” (2020 overview, as of 2017-11-08); “2018 list”")
            && listed[0].text().contains("First listed: “Participants”"),
        "{}",
        listed[0].text()
    );
    assert!(source_texts(listed[0]).contains(&"wp.xlsx [Workplan] row 31".to_owned()));

    // An activity dated before the partner's join date.
    let before = of_topic(&rec, Topic::ActiveBeforeJoined);
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].subject, "EuroISPA");
    assert!(before[0].text().contains("(2018-05-23)") && before[0].text().contains("6-7/03/2018"));

    // Lists that leave GSMA out; the Full list leaves out its own 2020 list.
    let omits = of_topic(&rec, Topic::ListOmitsPartner);
    assert_eq!(omits.len(), 1);
    assert_eq!(omits[0].subject, "GSMA");
    let own = of_topic(&rec, Topic::ListOmitsOwnJoiners);
    assert_eq!(own.len(), 1);
    assert!(
        own[0]
            .text()
            .ends_with("Element AI, ICCO, IEEE, Intel, RIPE NCC."),
        "{}",
        own[0].text()
    );

    // Each with the year it concerns: the list's, the join's, the activities' first.
    let years: Vec<(Topic, Option<i32>)> = rec
        .disagreements
        .iter()
        .map(|d| (d.topic, d.year))
        .collect();
    assert_eq!(
        years,
        [
            (Topic::AnnouncedCount, Some(2017)),
            (Topic::ListOmitsPartner, Some(2017)),
            (Topic::ListOmitsOwnJoiners, Some(2020)),
            (Topic::ActiveBeforeListed, Some(2019)),
            (Topic::ActiveBeforeJoined, Some(2018)),
        ]
    );
    // Sberbank, a registry candidate that never joined, is settled, not a disagreement.
    let settled: Vec<(Topic, &str)> = rec
        .settled
        .iter()
        .map(|d| (d.topic, d.subject.as_str()))
        .collect();
    assert_eq!(settled, [(Topic::NeverJoined, "Sberbank")]);

    // Nothing else: the seeds agree on the rest.
    for topic in [
        Topic::ListNamesNonMember,
        Topic::JoinDate,
        Topic::AlreadyPartner,
        Topic::NamedNotPartner,
    ] {
        assert!(
            of_topic(&rec, topic).is_empty(),
            "{topic:?}: {:#?}",
            of_topic(&rec, topic)
        );
    }
}

#[test]
fn an_unknown_spelling_is_unmatched_with_a_suggestion_never_a_wrong_match() {
    let reg = registry(SHIPPED_REGISTRY);
    let l = lists(
        "source,list,as_of,kind,name_as_written\n\
         memo,Partners,2021,members,Gogle\n\
         memo,Partners,2021,members,Orange Polska\n\
         memo,Partners,2021,members,Deutsche Telecom AG\n",
    );
    let rec = run(&reg, &l, &[]);
    let gogle = row(&rec, "Partners", "Gogle");
    assert_eq!(
        (gogle.status, gogle.canonical.as_deref()),
        (NameStatus::Unmatched, None)
    );
    assert_eq!(gogle.suggestions[0].0, "Google");
    assert!(gogle.suggestions[0].1 > 0.8, "{:?}", gogle.suggestions);
    assert!(
        gogle.note.contains("suggestions: Google (0."),
        "{}",
        gogle.note
    );
    let polska = row(&rec, "Partners", "Orange Polska");
    assert_eq!(polska.status, NameStatus::Unmatched, "not silently Orange");
    assert_eq!(polska.suggestions[0].0, "Orange");
    // A legal suffix after a known spelling is still the partner.
    assert_eq!(
        row(&rec, "Partners", "Deutsche Telecom AG")
            .canonical
            .as_deref(),
        Some("Deutsche Telekom")
    );
    assert_eq!(rec.review.len(), 2);
}

#[test]
fn adding_an_alias_turns_an_unmatched_name_into_a_match() {
    let csv = "source,list,as_of,kind,name_as_written\nmemo,Partners,2021,members,Microsft\n";
    let before = run(&registry(SHIPPED_REGISTRY), &lists(csv), &[]);
    assert_eq!(
        row(&before, "Partners", "Microsft").status,
        NameStatus::Unmatched
    );
    assert_eq!(
        row(&before, "Partners", "Microsft").suggestions[0].0,
        "Microsoft"
    );
    let edited = SHIPPED_REGISTRY.replace(
        "aliases = [\"Microsoft Corporation\"]",
        "aliases = [\"Microsoft Corporation\", \"Microsft\"]",
    );
    assert_ne!(edited, SHIPPED_REGISTRY, "the alias line was found");
    let after = run(&registry(&edited), &lists(csv), &[]);
    let m = row(&after, "Partners", "Microsft");
    assert_eq!(
        (m.status, m.canonical.as_deref()),
        (NameStatus::Partner, Some("Microsoft"))
    );
    assert!(m.suggestions.is_empty());
}

#[test]
fn a_name_settled_as_not_a_partner_stays_settled() {
    let csv =
        "source,list,as_of,kind,name_as_written\nmemo,Partners,2021,members,Orange Foundation\n";
    let settled = format!(
        "{SHIPPED_REGISTRY}\n[[non_partner]]\nname = \"Orange Foundation\"\nnote = \"settled: not a partner\"\n"
    );
    let reg = registry(&settled);
    let rec = run(&reg, &lists(csv), &[]);
    let n = row(&rec, "Partners", "Orange Foundation");
    assert_eq!(
        (n.status, n.canonical.as_deref()),
        (NameStatus::NotAPartner, Some("Orange Foundation"))
    );
    assert!(n.suggestions.is_empty() && rec.review.is_empty());
    // On a list of partners, it is a fact the registry settles, never a match, and not a
    // disagreement: the reviewer has said what it is. (The list leaving out every partner
    // is.)
    assert!(
        rec.disagreements
            .iter()
            .all(|d| d.topic == Topic::ListOmitsPartner && d.subject != "Orange Foundation"),
        "{:#?}",
        rec.disagreements
    );
    let d = of_topic(&rec, Topic::ListNamesKnownNonPartner);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].year, Some(2021));
    assert!(
        d[0].text().contains("settles as not a partner"),
        "{}",
        d[0].text()
    );
    // Giving the same spelling to a partner later is refused, naming both entries.
    let clash = settled.replace(
        "aliases = [\"Orange S.A.\", \"France Télécom\"]",
        "aliases = [\"Orange S.A.\", \"France Télécom\", \"Orange Foundation\"]",
    );
    let err = PartnerRegistry::from_toml(&clash, "partners.toml").unwrap_err();
    assert!(err.to_string().contains("Orange Foundation"), "{err}");
}

#[test]
fn dates_known_to_the_year_are_never_a_disagreement_only_certain_ones_are() {
    let reg = registry(
        "[[partner]]\nname = \"Acme\"\nkind = \"company\"\njoined = \"2020\"\n\
         [[partner]]\nname = \"Bolt\"\nkind = \"association\"\njoined = \"2021-03-01\"\n\
         [[partner]]\nname = \"Cord\"\nkind = \"company\"\njoined = \"2018-01-10\"\n",
    );
    let l = lists(
        "source,list,as_of,kind,name_as_written\n\
         memo,New in February,2020-02-06,joined,Acme\n\
         memo,New in February,2020-02-06,joined,Bolt\n\
         memo,Members,2020-06-30,members,Bolt\n\
         memo,Members,2020-06-30,members,Acme\n\
         memo,In talks,2020,candidates,Cord\n",
    );
    let rec = run(&reg, &l, &[]);
    // Acme joined "2020": it may have joined on 2020-02-06; not reported.
    let join = of_topic(&rec, Topic::JoinDate);
    assert_eq!(join.len(), 1, "{join:#?}");
    assert_eq!(join[0].subject, "Bolt");
    let non_member = of_topic(&rec, Topic::ListNamesNonMember);
    assert_eq!(non_member.len(), 1);
    assert!(non_member[0]
        .text()
        .contains("Bolt joined only on 2021-03-01"));
    assert_eq!(
        row(&rec, "Members", "Acme").note,
        "joined 2020, within the list's period"
    );
    let already = of_topic(&rec, Topic::AlreadyPartner);
    assert_eq!(already.len(), 1);
    assert_eq!(already[0].subject, "Cord");
    // Cord, a partner since 2018, is on no members list: "Members" is certain to miss it.
    let omits = of_topic(&rec, Topic::ListOmitsPartner);
    assert_eq!(omits.len(), 1);
    assert_eq!(omits[0].subject, "Cord");
}

#[test]
fn active_before_listed_counts_only_years_some_list_speaks_for_and_none_names_it() {
    // Guards the rule's year bounds: a list speaks for its first year and later ones.
    let reg = registry(
        "[[partner]]\nname = \"Acme\"\nkind = \"company\"\njoined = \"2017-01-01\"\n\
         [[partner]]\nname = \"Bolt\"\nkind = \"company\"\njoined = \"2017-01-01\"\n",
    );
    let l = lists(
        "source,list,as_of,kind,name_as_written\n\
         memo,Founders,2018-03-01,members,Acme\n\
         memo,Members,2020-06-30,members,Acme\n\
         memo,Members,2020-06-30,members,Bolt\n",
    );
    let acts: Vec<Activity> = [2017, 2018, 2019, 2020, 2021]
        .into_iter()
        .map(|y| {
            let d = day(y, 5, 1);
            activity(
                &format!("Meeting {y}"),
                &y.to_string(),
                (d, d),
                &["Bolt"],
                y as u32,
            )
        })
        .collect();
    let rec = run(&reg, &l, &acts);
    let listed = of_topic(&rec, Topic::ActiveBeforeListed);
    assert_eq!(listed.len(), 1, "{listed:#?}");
    // Not 2017 (no list speaks for it), nor 2020 and 2021 (Members names Bolt).
    assert!(
        listed[0].text().contains("2 activities in 2018 and 2019")
            && listed[0]
                .text()
                .contains("earlier: “Founders” (memo, as of 2018-03-01).")
            && listed[0]
                .text()
                .ends_with("First listed: “Members” (memo, as of 2020-06-30)."),
        "{}",
        listed[0].text()
    );
    assert_eq!(
        source_texts(listed[0]),
        [
            "wp.xlsx [Workplan] row 2018",
            "wp.xlsx [Workplan] row 2019",
            "lists.csv row 2 (Founders)",
            "lists.csv rows 3-4 (Members)",
        ]
    );
}

#[test]
fn names_in_activities_that_are_not_partners_are_reported_with_their_rows() {
    let reg = registry(SHIPPED_REGISTRY);
    let mut a = activity(
        "Octopus Conference 2018",
        "11-13/07/2018",
        (day(2018, 7, 11), day(2018, 7, 13)),
        &["Google"],
        30,
    );
    a.other_organisations = Box::from(["ICANN".into()]);
    a.unmatched = Box::from(["Gogle Ireland".into()]);
    let rec = run(&reg, &PartnerLists::default(), &[a]);
    // ICANN, a registry non-partner, is settled; the unknown name is a disagreement.
    let known = of_topic(&rec, Topic::NamedKnownNonPartner);
    assert_eq!(known.len(), 1);
    assert_eq!(known[0].subject, "ICANN");
    assert_eq!(known[0].year, Some(2018));
    assert!(source_texts(known[0]).contains(&"wp.xlsx [Workplan] row 30".to_owned()));
    assert!(source_texts(known[0])
        .iter()
        .any(|s| s.starts_with("partners.toml line ")));
    let named = of_topic(&rec, Topic::NamedNotPartner);
    assert_eq!(named.len(), 1);
    assert_eq!(rec.disagreements.len(), 1);
    assert_eq!(named[0].subject, "Gogle Ireland");
    assert!(
        named[0].text().contains("suggestions: Google"),
        "{}",
        named[0].text()
    );
    assert_eq!(rec.review[0].name, "Gogle Ireland");
    // Without lists, the reconciliation says so.
    assert!(rec.no_lists_read);
}

#[test]
fn facebook_renamed_meta_in_2021_with_a_registry_that_says_so() {
    let reg = registry(
        &SHIPPED_REGISTRY.replace("# renames = [{ to = \"Meta\"", "renames = [{ to = \"Meta\""),
    );
    let l = lists("source,list,as_of,kind,name_as_written\nmemo,Partners,2022,members,Meta\n");
    let rec = run(&reg, &l, &[]);
    let meta = row(&rec, "Partners", "Meta");
    assert_eq!(
        (meta.status, meta.canonical.as_deref()),
        (NameStatus::Renamed, Some("Facebook"))
    );
    let y2021 = rec.years.iter().find(|y| y.year == 2021).expect("2021");
    assert_eq!(y2021.renamed.len(), 1);
    let renamed = y2021.renamed[0].words(Lang::En);
    assert!(
        renamed.starts_with("Facebook → Meta (2021-10-28"),
        "{renamed}"
    );
    let renamed = y2021.renamed[0].words(Lang::Fr);
    assert!(
        renamed.starts_with("Facebook → Meta (28 octobre 2021) ; source : "),
        "{renamed}"
    );
    let fb = rec
        .partners_by_year
        .iter()
        .find(|r| r.name == "Facebook" && r.year == 2021)
        .expect("Facebook 2021");
    assert_eq!(fb.events, ["renamed Meta (2021-10-28)"]);
}

#[test]
fn row_places_are_compact() {
    assert_eq!(row_numbers(&[7]), "row 7");
    assert_eq!(row_numbers(&[5, 3, 4, 9]), "rows 3-5, 9");
    let rows: Vec<crate::model::Location> = [3, 4, 5]
        .iter()
        .map(|&r| crate::model::Location::file("a.csv").with_row(r))
        .chain(std::iter::once(
            crate::model::Location::file("b.xlsx")
                .with_sheet(Some("S"))
                .with_row(2),
        ))
        .collect();
    assert_eq!(
        rows_place_in(&rows, Lang::En),
        "a.csv rows 3-5; b.xlsx [S] row 2"
    );
    assert_eq!(
        rows_place_in(&rows, Lang::Fr),
        "a.csv lignes 3-5; b.xlsx [S] ligne 2"
    );
}

#[test]
fn the_pdf_is_deterministic_and_undated_by_default() {
    let rec = run(
        &registry(SHIPPED_REGISTRY),
        &lists(SHIPPED_LISTS),
        &seed_like_activities(),
    );
    let doc = pdf::document(&rec, &ReportTemplate::default(), None);
    assert_eq!(doc.created, None);
    let a = crate::pdf::render(&doc, &crate::report::FONTS).expect("renders");
    let b = crate::pdf::render(
        &pdf::document(&rec, &ReportTemplate::default(), None),
        &crate::report::FONTS,
    )
    .expect("renders");
    assert!(a.bytes == b.bytes, "two renders differ");
    assert_eq!(a.printed.missing_glyphs, 0, "{:?}", a.printed.missing_chars);
    assert!(a.printed.pages >= 4, "{} pages", a.printed.pages);
    let headings: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text, level: 1, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "Overview",
            "Year by year",
            "Partner timelines",
            "Disagreements",
            "Counts announced",
            "Names to review",
            "Lists read"
        ]
    );
}

/// Guards against the mostly blank pages (a page break before each part), timelines
/// carrying a file path in every cell, and disagreements in no order with no summary.
#[test]
fn the_pdf_runs_on_keys_file_paths_once_and_ranks_disagreements() {
    let rec = run(
        &registry(SHIPPED_REGISTRY),
        &lists(SHIPPED_LISTS),
        &seed_like_activities(),
    );
    assert!(rec.disagreements.len() >= 2);
    let doc = pdf::document(&rec, &ReportTemplate::default(), None);
    assert!(!doc.blocks.contains(&Block::PageBreak));
    let tables: Vec<Vec<TableRow>> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => {
                let mut scratch = TableRow::default();
                Some(
                    (0..t.rows.len())
                        .filter_map(|i| t.rows.get(i, &mut scratch).cloned())
                        .collect(),
                )
            }
            _ => None,
        })
        .collect();
    let timeline = tables
        .iter()
        .find(|rows| {
            rows.iter()
                .any(|r| r.cells.len() == 7 && r.cells[3].contains("[1] row"))
        })
        .expect("a timeline naming its activities' rows by key");
    assert!(timeline
        .iter()
        .flat_map(|r| &r.cells)
        .all(|c| !c.contains(".xlsx")));
    // The summary: one row per disagreement, numbered, ranked by kind then year.
    let summary = tables
        .iter()
        .find(|rows| {
            rows.first()
                .is_some_and(|r| r.cells.len() == 4 && r.cells[0] == "1")
        })
        .expect("the ranked summary");
    assert_eq!(summary.len(), rec.disagreements.len());
    let mut ranked = rec.disagreements.clone();
    ranked.sort_by_key(|d| (d.topic, d.year.unwrap_or(i32::MAX)));
    for (row, d) in summary.iter().zip(&ranked) {
        assert_eq!(row.cells[1], d.topic.title());
        assert_eq!(row.cells[3], d.subject);
    }
}

#[test]
fn disagreements_csv_has_a_row_per_disagreement_and_none_per_settled_fact() {
    let reg = registry(SHIPPED_REGISTRY);
    let mut a = activity(
        "Octopus Conference 2018",
        "11-13/07/2018",
        (day(2018, 7, 11), day(2018, 7, 13)),
        &["Google"],
        30,
    );
    a.other_organisations = Box::from(["ICANN".into()]);
    a.unmatched = Box::from(["Gogle Ireland".into()]);
    let rec = run(&reg, &PartnerLists::default(), &[a]);
    let mut out = Vec::new();
    write::disagreements_csv(&mut out, &rec, false).expect("writes");
    let mut r = csv::Reader::from_reader(out.as_slice());
    assert_eq!(
        r.headers().expect("header").iter().collect::<Vec<_>>(),
        write::DISAGREEMENTS_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.expect("row")).collect();
    // ICANN is settled by the registry: only the unknown name is a row.
    let subjects: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    assert_eq!(subjects, ["Gogle Ireland"], "{rows:?}");
    assert_eq!(&rows[0][0], "named-not-partner");
    assert_eq!(&rows[0][2], "2018");
    assert_eq!(&rows[0][3], "wp.xlsx [Workplan] row 30");
    assert!(
        rows[0][4].contains("matches no partner"),
        "{:?}",
        &rows[0][4]
    );
    let settled: Vec<&str> = rec.settled.iter().map(|d| d.subject.as_str()).collect();
    assert_eq!(settled, ["Sberbank", "ICANN"]);
}

#[test]
fn the_step_runs_from_plain_options_and_a_named_missing_file_is_an_error() {
    let reg = registry(SHIPPED_REGISTRY);
    let dir = tempfile::tempdir().expect("temp dir");
    let options = Options {
        partner_lists: vec![dir.path().join("absent.csv")],
        lists_named: true,
        registry: "partners.toml".into(),
        ..Options::default()
    };
    let err = super::run(&options, &reg, &[], None).unwrap_err();
    assert!(matches!(err, ReconcileError::Missing(_)), "{err}");
    // The default file may be absent: a note says so, and the registry is still held
    // against the activities.
    let default = Options {
        lists_named: false,
        ..options
    };
    let step = super::run(&default, &reg, &[], None).expect("runs");
    assert!(
        step.diagnostics
            .iter()
            .any(|d| matches!(d.kind, crate::diagnostic::Kind::NoPartnerListsFile)),
        "{:?}",
        step.diagnostics
    );
    assert_eq!(step.counts.lists, 0);
    assert!(step.outputs.is_empty(), "no output folder, nothing written");
}
