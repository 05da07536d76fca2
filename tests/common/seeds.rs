//! What the source document says about each of its 41 workplan activities, written by
//! hand from a reading of `seeds/000_2f6f766bd8b5e6f9.txt` (sections 5 and 6), not from
//! any code of this crate, so tests can hold the pipeline's canonical records against an
//! independent account of the seed.
//!
//! Conventions:
//! - `sector` is the Sector cell as written, after filling blank "same as above" cells
//!   down from the record above.
//! - `activity_starts` is the longest prefix of the record's own Activity cell, cut at a
//!   word boundary, of at most 30 characters, with runs of whitespace (line breaks
//!   included) collapsed to one space. It never reaches into a continuation row.
//! - `date_text` is the Date cell as written; `start`/`end` are ISO dates.
//! - `partners` are canonical partner names in the order the Companies cell names them;
//!   "All" sets `all_partners` and leaves `partners` empty (its expansion to the registry
//!   is the pipeline's business). Placeholders ("TBD", "Companies interested in ...",
//!   "Companies working on education e.g. ...", "Companies and research centres ...")
//!   name no partner.
//! - `other_organisations` are organisations named in the Companies cell that are not
//!   partners.
//! - `contacts` are e-mail addresses repaired and lower-cased, in cell order, the
//!   continuation rows included; an address cut short stays as written.

// Each integration test binary uses only some of the fields.
#![allow(dead_code)]

/// The expected canonical values of one activity of the seed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExpectedActivity {
    /// "2017-2019" or "2020+".
    pub workplan: &'static str,
    /// The category heading (2017-2019 only).
    pub category: Option<&'static str>,
    /// The Sector cell as written, after fill-down.
    pub sector: &'static str,
    /// The beginning of the Activity cell, whitespace collapsed (see the module docs).
    pub activity_starts: &'static str,
    /// The Date cell as written.
    pub date_text: &'static str,
    /// First day covered, ISO.
    pub start: Option<&'static str>,
    /// Last day covered, ISO; None when open-ended or undated.
    pub end: Option<&'static str>,
    /// "day", "month" or "year".
    pub precision: Option<&'static str>,
    /// The date is marked "(tbc)" / "(TBC)".
    pub tentative: bool,
    /// Canonical partner names, in cell order.
    pub partners: &'static [&'static str],
    /// The Companies cell says "All".
    pub all_partners: bool,
    /// Non-partner organisations named in the Companies cell.
    pub other_organisations: &'static [&'static str],
    /// "planned" or "cancelled".
    pub status: &'static str,
    /// Repaired, lower-cased e-mail addresses.
    pub contacts: &'static [&'static str],
}

const W17: &str = "2017-2019";
const W20: &str = "2020+";
const BINDING: Option<&str> = Some("Binding standard settings");
const NON_BINDING: Option<&str> = Some("Non-binding standard settings");
const STUDIES: Option<&str> = Some("Studies");
const CONFERENCES: Option<&str> = Some("Conferences / Roundtables");
const DAY: Option<&str> = Some("day");
const MONTH: Option<&str> = Some("month");
const YEAR: Option<&str> = Some("year");

/// A 2017-2019 activity: no contacts, never cancelled, never tentative, dates by day.
#[allow(clippy::too_many_arguments)]
const fn w17(
    category: Option<&'static str>,
    sector: &'static str,
    activity_starts: &'static str,
    date_text: &'static str,
    start: Option<&'static str>,
    end: Option<&'static str>,
    partners: &'static [&'static str],
    other_organisations: &'static [&'static str],
) -> ExpectedActivity {
    ExpectedActivity {
        workplan: W17,
        category,
        sector,
        activity_starts,
        date_text,
        start,
        end,
        precision: if start.is_some() { DAY } else { None },
        tentative: false,
        partners,
        all_partners: false,
        other_organisations,
        status: "planned",
        contacts: &[],
    }
}

/// A 2020+ activity planned, firm and without other organisations; the exceptions are
/// written out in full in the table.
#[allow(clippy::too_many_arguments)]
const fn w20(
    sector: &'static str,
    activity_starts: &'static str,
    date_text: &'static str,
    start: Option<&'static str>,
    end: Option<&'static str>,
    precision: Option<&'static str>,
    partners: &'static [&'static str],
    all_partners: bool,
    contacts: &'static [&'static str],
) -> ExpectedActivity {
    ExpectedActivity {
        workplan: W20,
        category: None,
        sector,
        activity_starts,
        date_text,
        start,
        end,
        precision,
        tentative: false,
        partners,
        all_partners,
        other_organisations: &[],
        status: "planned",
        contacts,
    }
}

const Y2020: (Option<&str>, Option<&str>, Option<&str>) =
    (Some("2020-01-01"), Some("2020-12-31"), YEAR);

/// The 41 activities in seed order: 19 of 2017-2019 (4 + 4 + 3 + 8), then 22 of 2020+.
pub(crate) const SEED_ACTIVITIES: &[ExpectedActivity] = &[
    // 5. Workplan 2017-2019: Binding standard settings.
    w17(
        BINDING,
        "Information society / data protection",
        "Presentation of the Convention",
        "29/01/2019",
        Some("2019-01-29"),
        Some("2019-01-29"),
        &["Deutsche Telekom", "Facebook", "GNI", "Microsoft"],
        &[],
    ),
    w17(
        BINDING,
        "Information society / internet governance",
        "1st meeting of the Committee",
        "6-7/03/2018",
        Some("2018-03-06"),
        Some("2018-03-07"),
        &["Deutsche Telekom", "EuroISPA", "Google"],
        &[],
    ),
    w17(
        BINDING,
        "Information society / internet governance",
        "2nd meeting of the Committee",
        "17-18/09/2018",
        Some("2018-09-17"),
        Some("2018-09-18"),
        &["Google", "Microsoft"],
        &[],
    ),
    w17(
        BINDING,
        "Information society / internet governance",
        "3rd meeting of the Committee",
        "18-19/03/2019",
        Some("2019-03-18"),
        Some("2019-03-19"),
        &["Microsoft"],
        &[],
    ),
    // Non-binding standard settings.
    w17(
        NON_BINDING,
        "Education",
        "Roundtable meeting",
        "18/01/2018",
        Some("2018-01-18"),
        Some("2018-01-18"),
        &["DigitalEurope", "ETNO", "Google", "Orange"],
        &[],
    ),
    w17(
        NON_BINDING,
        "Education",
        "Online information meeting",
        "18/12/2018",
        Some("2018-12-18"),
        Some("2018-12-18"),
        &["Apple", "Deutsche Telekom", "Google", "Telefónica"],
        &[],
    ),
    w17(
        NON_BINDING,
        "Education",
        "1st Meeting of the Working",
        "13/02/2019",
        Some("2019-02-13"),
        Some("2019-02-13"),
        &["Google"],
        &[],
    ),
    w17(
        NON_BINDING,
        "Education",
        "2nd Meeting of the Working",
        "03/05/2019",
        Some("2019-05-03"),
        Some("2019-05-03"),
        &["ETNO", "European Digital SME Alliance", "GSMA"],
        &[],
    ),
    // Studies.
    w17(
        STUDIES,
        "CDCT",
        "Thematic Session on Terrorism",
        "14/11/2018",
        Some("2018-11-14"),
        Some("2018-11-14"),
        &[
            "CCIA",
            "ETNO",
            "EuroISPA",
            "GNI",
            "Google",
            "Microsoft",
            "Telefónica",
        ],
        &["Tech Against Terrorism"],
    ),
    w17(
        STUDIES,
        "ECRI",
        "Study on \"Discrimination,",
        "",
        None,
        None,
        &[],
        &[],
    ),
    // The row with no Activity, Date or Companies: only Sector and Description.
    w17(
        STUDIES,
        "Inclusion and anti- discrimination programmes/No Hate Speech and Cooperation Unit",
        "",
        "",
        None,
        None,
        &[],
        &[],
    ),
    // Conferences / Roundtables.
    w17(
        CONFERENCES,
        "TC-INF",
        "TC-INF meeting",
        "23/05/2018",
        Some("2018-05-23"),
        Some("2018-05-23"),
        &[
            "Cloudflare",
            "Deutsche Telekom",
            "EuroISPA",
            "European Digital SME Alliance",
            "Facebook",
            "GNI",
            "Google",
            "Kaspersky",
        ],
        &[],
    ),
    w17(
        CONFERENCES,
        "World Forum of Democracy",
        "Roundtable \"Artificial",
        "20/11/2018",
        Some("2018-11-20"),
        Some("2018-11-20"),
        &["Google", "Microsoft"],
        &[],
    ),
    // "Internet Industry Association (eco)" is named only in the Description.
    w17(
        CONFERENCES,
        "Council of Europe and the Finnish Presidency of the Council of Europe Committee of Ministers",
        "High level conference",
        "26-27/02/2019",
        Some("2019-02-26"),
        Some("2019-02-27"),
        &[
            "Facebook",
            "GNI",
            "Google",
            "Microsoft",
            "Orange",
            "Telefónica",
        ],
        &[],
    ),
    w17(
        CONFERENCES,
        "Information society / Cybercrime",
        "Conference on Criminal Justice",
        "25-27/02/2019",
        Some("2019-02-25"),
        Some("2019-02-27"),
        &["Facebook", "Google"],
        &[],
    ),
    w17(
        CONFERENCES,
        "Information society / Cybercrime",
        "Octopus Conference",
        "11-13/07/2018",
        Some("2018-07-11"),
        Some("2018-07-13"),
        &[
            "Cloudflare",
            "Deutsche Telekom",
            "EuroISPA",
            "Facebook",
            "GNI",
            "Google",
            "Kaspersky",
            "Microsoft",
            "Telefónica",
        ],
        &["ICANN", "Symantec"],
    ),
    w17(
        CONFERENCES,
        "Information society / Data protection",
        "World Mobile Congress 2019",
        "25-27/02/2019",
        Some("2019-02-25"),
        Some("2019-02-27"),
        &["GSMA"],
        &[],
    ),
    w17(
        CONFERENCES,
        "Information society department",
        "International conference",
        "06-07/11/2018",
        Some("2018-11-06"),
        Some("2018-11-07"),
        &["Facebook"],
        &[],
    ),
    w17(
        CONFERENCES,
        "Information society department/ Internet governance",
        "CoE co-organised workshops in",
        "",
        None,
        None,
        &[],
        &[],
    ),
    // 6. Workplan 2020+.
    w20(
        "CAHAI",
        "Multi-stakeholder consultation",
        "2020 and 2021",
        Some("2020-01-01"),
        Some("2021-12-31"),
        YEAR,
        &[],
        true,
        &["clementina.barbaro@coe.int", "livia.stoica@coe.int"],
    ),
    w20(
        "MSI-DIG",
        "Expert Committee on Freedom of",
        "Four meetings in Strasbour g (March and Septemb er of 2020/21)",
        Some("2020-03-01"),
        Some("2021-09-30"),
        MONTH,
        &[],
        false,
        &["charlotte.altenhoener-dion@coe.int"],
    ),
    ExpectedActivity {
        tentative: true,
        ..w20(
            "PACE",
            "Hearing on the Need for",
            "January 2020 (tbc) and April 2020 (tbc)",
            Some("2020-01-01"),
            Some("2020-04-30"),
            MONTH,
            &[],
            false,
            // The second address is the continuation row after the repeated header.
            &["pavel.chevtchenko@coe.int", "vasileios.giannias@coe.int"],
        )
    },
    w20(
        "PACE",
        "Possible hearing on preventing",
        "2020",
        Y2020.0,
        Y2020.1,
        Y2020.2,
        &[],
        false,
        &["liri.kopaci-dimichele@coe.int", "sarah.burton@coe.int"],
    ),
    w20(
        "CEPEJ",
        "Operationalisation of the",
        "2020",
        Y2020.0,
        Y2020.1,
        Y2020.2,
        &["IEEE"],
        false,
        &["muriel.decot@coe.int"],
    ),
    // "Companies working on education e.g. Microsoft, Apple, Google" names candidates.
    w20(
        "CDPPE",
        "Workshop",
        "2020",
        Y2020.0,
        Y2020.1,
        Y2020.2,
        &[],
        false,
        &["michael.remmert@coe.int", "ahmet-murat.kilic@coe.int"],
    ),
    // Continued after the repeated header; the address there is cut short.
    w20(
        "CDPC",
        "Possible development of",
        "2020",
        Y2020.0,
        Y2020.1,
        Y2020.2,
        &[],
        false,
        &["Carlo.chiaromonte@coe."],
    ),
    w20(
        "PACE",
        "Fact-finding visit/ exchange",
        "2020",
        Y2020.0,
        Y2020.1,
        Y2020.2,
        &[],
        false,
        &["david.milner@coe.int"],
    ),
    w20(
        "PACE",
        "Fact-finding visit/ exchange",
        "2020",
        Y2020.0,
        Y2020.1,
        Y2020.2,
        &[],
        false,
        &["david.milner@coe.int"],
    ),
    w20(
        "CDENF",
        "Publication of a Handbook for",
        "2020-",
        Some("2020-01-01"),
        None,
        YEAR,
        &[],
        false,
        &["regina.jensdottir@coe.int"],
    ),
    // Its Topic ends in the continuation row "digital environment".
    w20(
        "CDENF",
        "Hearing/exchang e of views",
        "2020- 2021",
        Some("2020-01-01"),
        Some("2021-12-31"),
        YEAR,
        &[],
        false,
        &["regina.jensdottir@coe.int"],
    ),
    ExpectedActivity {
        tentative: true,
        ..w20(
            "T-CY",
            "Consultations on the 2nd",
            "2020 (TBC)",
            Y2020.0,
            Y2020.1,
            Y2020.2,
            &[],
            false,
            &["alexander.seger@coe.int"],
        )
    },
    ExpectedActivity {
        status: "cancelled",
        ..w20(
            "Data protection",
            "Mobile World Congress 2020",
            "24-26 February 2020",
            Some("2020-02-24"),
            Some("2020-02-26"),
            DAY,
            &["GSMA"],
            false,
            &["peter.kimpian@coe.int"],
        )
    },
    ExpectedActivity {
        status: "cancelled",
        ..w20(
            "Data protection",
            "Convention 108+ event",
            "April 2020",
            Some("2020-04-01"),
            Some("2020-04-30"),
            MONTH,
            &["Intel"],
            false,
            &["sophie.kwasny@coe.int"],
        )
    },
    w20(
        "CDPPE",
        "Roadshow",
        "2020-21",
        Some("2020-01-01"),
        Some("2021-12-31"),
        YEAR,
        &[],
        true,
        &["michael.remmert@coe.int", "ahmet-murat.kilic@coe.int"],
    ),
    w20(
        "CDDG",
        "Study",
        "2020",
        Y2020.0,
        Y2020.1,
        Y2020.2,
        &[],
        false,
        &["sonia.sirtori@coe.int", "judith.orland@coe.int"],
    ),
    w20(
        "CDPPE",
        "Multi-stakeholder consultation",
        "2020",
        Y2020.0,
        Y2020.1,
        Y2020.2,
        &[],
        true,
        &["michael.remmert@coe.int", "ahmet-murat.kilic@coe.int"],
    ),
    w20(
        "ADI/MSI- DIG",
        "Expert Committee on Combating",
        "Four meetings in Strasbour g in 2020/21 (May/Oct ober 2020)",
        Some("2020-01-01"),
        Some("2021-12-31"),
        YEAR,
        &[],
        false,
        &["charlotte.altenhoener-dion@coe.int", "menno.ettema@coe.int"],
    ),
    w20(
        "MSI-REF",
        "Expert Committee on Media",
        "2020 – 2021",
        Some("2020-01-01"),
        Some("2021-12-31"),
        YEAR,
        &[],
        false,
        &["urska.umek@coe.int"],
    ),
    w20(
        "GREVIO",
        "Follow-up to the CM informal",
        "2020",
        Y2020.0,
        Y2020.1,
        Y2020.2,
        &[],
        false,
        &["johanna.nelles@coe.int", "caterina.bolognese@coe.int"],
    ),
    w20(
        "Lanzarote Committee",
        "Multistake-holder consultation",
        "2021",
        Some("2021-01-01"),
        Some("2021-12-31"),
        YEAR,
        &[],
        false,
        &["regina.jensdottir@coe.int", "gioia.scappucci@coe.int"],
    ),
    ExpectedActivity {
        other_organisations: &["Tech against Trafficking"],
        ..w20(
            "GRETA",
            "Follow-up to the meeting on",
            "2020 – 2021",
            Some("2020-01-01"),
            Some("2021-12-31"),
            YEAR,
            &[],
            false,
            &["lilia.kolombet@coe.int"],
        )
    },
];
