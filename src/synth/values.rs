//! The values of the synthetic workplans, from the seed documents: sectors, topics,
//! domains and contacts, activity titles, every organisation spelling seen, the
//! separators of partner lists, the sentences descriptions are made of.

pub(super) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(super) const SECTIONS_2017: &[&str] = &[
    "Binding standard settings",
    "Non-binding standard settings",
    "Studies",
    "Conferences / Roundtables",
];

/// (topic, sector, domain, contact point) as they stand together in the tables.
pub(super) const PROFILES: &[(&str, &str, &str, &str)] = &[
    ("Artificial intelligence", "CAHAI", "Transversal",
     "Co-secretaries of the CAHAI  clementina.barbaro@coe.int livia.stoica@coe.int"),
    ("Artificial intelligence", "MSI-DIG", "Freedom of Expression",
     "Media and Internet Division  charlotte.altenhoener-dion@coe.int"),
    ("Artificial Intelligence", "PACE", "Committee on Political Affairs and Democracy",
     "Secretariat of the As/POL  Pavel.Chevtchenko@coe.int Vasileios.Giannias@coe.int"),
    ("Artificial intelligence and discrimination", "PACE", "Equality and non-discrimination",
     "PACE Committee on Equality and Non- Discrimination secretariat  liri.kopaci-dimichele@coe.int  sarah.burton@coe.int"),
    ("Artificial intelligence and justice", "CEPEJ", "Justice", "CEPEJ Secretariat  muriel.decot@coe.int"),
    ("Artificial Intelligence and Blockchain technology", "CDPPE", "Education",
     "Education Policy Division  Michael.remmert@coe.int; Ahmet-murat.kilic@coe.int"),
    ("Autonomous vehicles", "CDPC", "Criminal law", "CDPC Secretariat  Carlo.chiaromonte@coe.int"),
    ("Autonomous vehicles", "PACE", "Legal Affairs  \u{2013} regulatory issues",
     "PACE Committee on Legal Affairs and Human Rights  David.Milner@coe.int"),
    ("Brain- computer interface technology", "PACE", "Human dignity, human rights",
     "PACE Committee on Legal Affairs and Human Rights  David.Milner@coe.int"),
    ("Children's rights in the digital environment", "CDENF", "Children's rights",
     "Children's Rights Division  Regina.jensdottir@coe.int"),
    ("Children with disabilities and their rights in the digital environment", "CDENF",
     "Children's rights", "Children's Rights Division  Regina.jensdottir@coe.int"),
    ("Cybercrime", "T-CY", "Fight against Cybercrime", "Cybercrime division Alexander.seger@coe.int"),
    ("Data protection", "Data protection", "Data protection", "Data Protection Unit  Peter.Kimpian@coe.int"),
    ("Data protection", "Data protection", "Data protection", "Data Protection Unit  Sophie.Kwasny@coe.int"),
    ("Digital Citizenship Education", "CDPPE", "Education",
     "Education Policy Division  Michael.remmert@coe.int; Ahmet-murat.kilic@coe.int"),
    ("Digital transformation , AI, democracy", "CDDG", "Democracy and governance",
     "Democratic Governance Division  sonia.sirtori@coe.int  judith.orland@coe.int"),
    ("Guidelines for partnerships between education institutions and internet companies", "CDPPE",
     "Education; (Data protection, Children's rights)",
     "Education Policy Division  Michael.remmert@coe.int; Ahmet-murat.kilic@coe.int"),
    ("Hate Speech", "ADI/MSI- DIG", "Anti- discriminatio n/ Freedom of Expression",
     "Media and Internet Division/Anti- Discrimination  charlotte.altenhoener-dion@coe.int menno.ettema@coe.int"),
    ("Media content and electoral communicatio n online", "MSI-REF", "Freedom of expression",
     "Media and Internet Division Urska.Umek@coe.int"),
    ("Online forms of violence against women", "GREVIO", "Gender Equality and Violence Against women",
     "GREVIO Secretariat \u{2013} Johanna.Nelles@coe.int  Gender Equality Division  Caterina.Bolognese@coe.int"),
    ("Protection of children against sexual exploitation and sexual abuse facilitated by information \
      and communicatio n technologies", "Lanzarote Committee", "Children's rights",
     "Children's Rights Division  Lanzarote Committee  regina.jensdottir@coe.int  gioia.scappucci@coe.int"),
    ("Use of the Internet for Trafficking in Human Beings", "GRETA", "Human trafficking",
     "GRETA Secretariat Lilia.kolombet@coe.int"),
    // 2017-2019 sectors (that table has no topic or domain: plausible ones).
    ("Data protection", "Information society / data protection", "Data protection",
     "Data Protection Unit  Sophie.Kwasny@coe.int"),
    ("Data protection", "Information society / Data protection", "Data protection",
     "Data Protection Unit  Peter.Kimpian@coe.int"),
    ("Artificial intelligence", "Information society / internet governance", "Freedom of Expression",
     "Media and Internet Division  charlotte.altenhoener-dion@coe.int"),
    ("Digital Citizenship Education", "Education", "Education",
     "Education Policy Division  Michael.remmert@coe.int"),
    ("Terrorism", "CDCT", "Counter-terrorism", "CDCT Secretariat  cdct@coe.int"),
    ("Artificial intelligence and discrimination", "ECRI", "Equality and non-discrimination",
     "ECRI Secretariat  ecri@coe.int"),
    ("Hate Speech", "Inclusion and anti- discrimination programmes/No Hate Speech and Cooperation Unit",
     "Anti-discrimination", "No Hate Speech and Cooperation Unit  menno.ettema@coe.int"),
    ("Internet governance", "TC-INF", "Transversal", "Information Society Department  tc-inf@coe.int"),
    ("Artificial intelligence", "World Forum of Democracy", "Democracy and governance",
     "World Forum for Democracy  forum.democracy@coe.int"),
    ("Artificial intelligence", "Council of Europe and the Finnish Presidency of the Council of Europe \
      Committee of Ministers", "Transversal", "Information Society Department  jan.kleijssen@coe.int"),
    ("Cybercrime", "Information society / Cybercrime", "Fight against Cybercrime",
     "Cybercrime division Alexander.seger@coe.int"),
    ("Hate Speech", "Information society department", "Freedom of Expression",
     "Media and Internet Division Urska.Umek@coe.int"),
    ("Internet governance", "Information society department/ Internet governance", "Transversal",
     "Information Society Department  internet.governance@coe.int"),
    ("Internet governance", "Information society department/  Internet governance", "Transversal",
     "Information Society Department  internet.governance@coe.int"),
];

pub(super) const ACTIVITIES: &[&str] = &[
    "Presentation of the Convention 108+",
    "Roundtable meeting",
    "Online information meeting",
    "Thematic Session on Terrorism and the Internet",
    "Study on \"Discrimination, artificial intelligence and algorithmic decision making\"",
    "TC-INF meeting",
    "Roundtable \"Artificial Intelligence and gender (in-) equality\"",
    "High level conference  \"Governing the Game Changer  \u{2014} Impacts of artificial intelligence \
     development on human rights, democracy and the rule of law\"",
    "Conference on Criminal Justice in Cyberspace (Bucharest)",
    "Octopus Conference 2018+Consultations on the Protocol to the Budapest Convention",
    "World Mobile Congress 2019",
    "Mobile World Congress 2020",
    "Convention 108+ event",
    "International conference \"Addressing hate speech in the media: the role of regulatory \
     authorities and the judiciary\"",
    "CoE co-organised workshops in various forums",
    "Multi-stakeholder consultation",
    "Multistake-holder consultation",
    "Expert Committee on Freedom of Expression and Digital Technologies",
    "Hearing on the Need for Democratic Governance of Al",
    "Possible hearing on preventing discrimination caused by the use of Al",
    "Operationalisation of the European charter on the use of artificial intelligence in judicial \
     systems and their environment",
    "Workshop",
    "Possible development of common legal standards.",
    "Fact-finding visit/ exchange with experts",
    "Publication of a Handbook for policy makers, including business  Workshop / consultation",
    "Hearing/exchang e of views with experts and business",
    "Consultations on the 2nd Additional Protocol",
    "Roadshow",
    "Study",
    "Expert Committee on Combating Hate Speech",
    "Expert Committee on Media Environment and Reform",
    "Follow-up to the CM informal exchange of views/ possible CoE-led side event at the CSW in March 2020",
    "Follow-up to the meeting on \"Stepping up the Council of Europe action against trafficking in \
     human beings in the digital age\"",
];

pub(super) const ORDINAL_TEMPLATES: &[&str] = &[
    "{o} meeting of the Committee of experts on Human Rights Dimensions of automated data (MSI-AUT)",
    "{o} Meeting of the Working Group on Drafting Guidelines for Governing Partnerships between \
     Education Institutions and Private Sector (WG-PEP)",
    "{o} plenary meeting of the {s}",
    "{o} Exchange of views with partner companies \u{2013} {s}",
];

pub(super) const ORDINALS: &[&str] = &[
    "1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th", "12th",
];

/// (canonical name, weight, spellings seen in circulated tables).
pub(super) const COMPANIES: &[(&str, u32, &[&str])] = &[
    ("Apple", 4, &["Apple", "Apple Inc."]),
    ("Cloudflare", 3, &["Cloudflare", "Cloudflare Inc."]),
    (
        "CCIA",
        3,
        &[
            "CCIA",
            "CCIA (Computer & Communication Industry association)",
            "Computer & Communications industry association (CCIA)",
        ],
    ),
    (
        "Deutsche Telekom",
        5,
        &[
            "Deutsche Telecom",
            "Deutsche Telekom",
            "Deutsche Telekom AG",
        ],
    ),
    (
        "DigitalEurope",
        4,
        &[
            "DigitalEurope",
            "Digital Europe",
            "Digital Europe - Digital Economy & Trade Groups",
        ],
    ),
    (
        "EuroISPA",
        4,
        &[
            "EuroISPA",
            "EuroISPA (European Internet Services Providers Association)",
        ],
    ),
    (
        "European Digital SME Alliance",
        3,
        &[
            "European Digital SME Alliance",
            "European DIGITAL SME Alliance",
            "DIGITAL SME",
        ],
    ),
    (
        "ETNO",
        4,
        &[
            "ETNO",
            "ETNO association (European Telecommunications Netiwork Operators)",
            "European Telecommunications Network Operators' Association (ETNO)",
        ],
    ),
    ("Facebook", 7, &["Facebook", "Facebook Inc."]),
    (
        "GNI",
        5,
        &[
            "GNI",
            "GNI (Global Network Initiative)",
            "Global Network Initiative (GNI)",
            "Global Network Initiative",
        ],
    ),
    ("Google", 9, &["Google", "Google LLC"]),
    ("Microsoft", 9, &["Microsoft", "Microsoft Corporation"]),
    ("Kaspersky", 3, &["Kaspersky", "Kaspersky Lab"]),
    ("Orange", 4, &["Orange", "Orange S.A."]),
    (
        "Telef\u{f3}nica",
        5,
        &[
            "Telef\u{f3}nica",
            "Telef\u{f3}nica SA",
            "Telefonica",
            "Telef\u{f3}nica S.A.",
        ],
    ),
    ("Element AI", 2, &["Element AI", "Element Al"]),
    (
        "ICCO",
        1,
        &[
            "ICCO",
            "International Communications Consultancy Organisation (ICCO)",
        ],
    ),
    ("IEEE", 2, &["IEEE"]),
    ("Intel", 2, &["INTEL", "Intel", "Intel Corporation"]),
    (
        "RIPE NCC",
        2,
        &[
            "RIPE NCC",
            "RIPE-NCC",
            "R\u{e9}seaux IP Europ\u{e9}ens Network Coordination Centre (RIPE NCC)",
        ],
    ),
    ("AT&T", 1, &["AT&T", "AT&T Inc."]),
    ("GSMA", 2, &["GSMA"]),
    ("ICANN", 1, &["ICANN"]),
    ("Symantec", 1, &["Symantec"]),
    (
        "eco",
        1,
        &[
            "eco (Internet Industry Association)",
            "Internet Industry Association (eco)",
        ],
    ),
    ("Thal\u{e8}s", 1, &["Thal\u{e8}s", "Thales"]),
    ("IBM", 1, &["IBM"]),
    ("ISOC", 1, &["ISOC"]),
];

/// The free texts seen in the Companies column instead of a list.
pub(super) const NON_LIST_CELLS: &[(u32, &str)] = &[
    (10, "TBD"),
    (4, "All"),
    (
        3,
        "Companies interested in providing input to standard-setting work",
    ),
    (
        1,
        "Companies and research centres working on BCI in and around San Francisco.",
    ),
    (1, "TBD. Possibly \"Tech against Trafficking\" network"),
    (1, "tbc"),
];

/// How lists are separated; "AND" is "A, B and C".
pub(super) const SEPARATORS: &[(u32, &str)] = &[
    (48, ", "),
    (15, " "),
    (10, "\n"),
    (8, "; "),
    (5, ","),
    (7, "AND"),
    (5, " / "),
    (2, ",  "),
];

pub(super) const SENTENCES: &[&str] = &[
    "The fast pace of technological advancement and the cross-border nature of digital services present great opportunities but also challenges for individuals, societies and institutional frameworks.",
    "Presentation by the Secretariat in Brussels of the Convention 108.",
    "A number of internet companies/associations \u{2013} signatories of the Exchange of letters regularly participate in the work of the MSI-AUT and provide input and comments to the documents prepared by the Committee.",
    "Information of the private sector and representative associations about intergovernmental projects in education in particular Digital Citizenship Education (DCE) Project.",
    "Discussion with the participants (representatives of the private sector, representative associations and CDPPE) the idea of drafting a code of conduct governing interaction and partnerships between education institutions and private industry (Internet companies).",
    "Review and agreement on the principles and the main topics of the Code of Conduct.",
    "Preparation of an initial draft for review and wider consultation.",
    "Review of the first draft of the guidelines and preparation of questions for consultation.",
    "This Thematic Session brought together experts and practitioners from the 47 member States of the Council of Europe as well as representatives from internet and telecommunications technology firms and associations, social media platforms and different search engines.",
    "After the Thematic Session, the CDCT agreed to ensure a follow up to the cooperation with internet companies and representative associations.",
    "Following adoption of the NetzDG law in Germany (act to improve enforcement of Law on social networks), the No Hate Speech and cooperation Unit engaged a work particularly regarding the initiative to set-up independent co-regulatory mechanisms for assessment of complex reports.",
    "Discussion with the representatives of Council of Europe member States suitable implementation mechanisms of the CM recommendation on the roles and responsibilities of internet intermediaries.",
    "High-level representatives of the Internet Industry Association (eco) and of Microsoft spoke at the conference \u{201c}Governing the Game Changer \u{2013} Impacts of artificial intelligence development on human rights, democracy and the rule of law\u{201d}.",
    "The conference was co-organised by the Finnish Presidency of the Council of Europe Committee of Ministers and the Council of Europe in Helsinki, Finland, 26 \u{2013}27 February 2019.",
    "Representatives of Orange, Google, Global Network Initiative (GNI), Telef\u{f3}nica and Facebook attended the conference.",
    "Participation in the Conference (including as speakers in workshops).",
    "Conference organised by the Council of Europe in partnership with the Croatian Agency for Electronic Media in Zagreb (Croatia).",
    "Regular collaboration of EoL partners in CoE co-organised workshops and open forums during Internet Governance related events (EuroDIG, IGF, etc.).",
    "Consultation about the feasibility and potential elements of a legal framework for the development, design and application of artificial intelligence.",
    "Development of Recommendation and Study on the impacts of digital technologies on freedom of expression.",
    "Participation as experts in the hearing on Need for democratic governance of AI.",
    "Hearing on preventing discrimination caused by the use of AI, feeding into report on this issue.",
    "Consultation on the feasibility of a certification process.",
    "Exploration of the implications of digital technologies, in particular AI and blockchain, on education.",
    "Possible consultation on legislation on driving automation.",
    "Rapporteur's visit to a centre of industry research.",
    "Strengthening the rights of the child in the digital environment, both in terms of access and protection.",
    "Consultations on a legally binding instrument.",
    "Participation in global event and visibility for Convention 108+.",
    "Promotional event in Washington DC.",
    "Study on the impact of digital transformation on democracy and governance/public administration.",
    "Consensus building on general principles.",
    "Development of recommendations on (i) principles for media and communication governance and (ii) electoral campaigning, and (iii) a guidance note on prioritisation of public interest content online.",
    "TBD - Initiate a dialogue with the private sector in order to involve it more in the fight against online sexual abuse based on findings of the Committee.",
    "Following multilateral consultations, the then Secretary General Thorbj\u{f8}rn Jagland exchanged letters with representatives of leading technology firms and associations in Strasbourg.",
    "On 6 February 2020, new companies and associations exchanged letters with the Secretary General Marija Pej\u{10d}inovi\u{107} Buri\u{107}.",
    "Element AI founders Jean-Fran\u{e7}ois Gagn\u{e9} and Yoshua Bengio contributed to the Montr\u{e9}al Declaration for the Responsible Development of AI.",
    "The R\u{e9}seaux IP Europ\u{e9}ens Network Coordination Centre (RIPE NCC) supports the technical coordination of the internet infrastructure.",
    "Orange S.A., formerly France T\u{e9}l\u{e9}com S.A., will present its approach to content moderation.",
    "Telef\u{f3}nica, S.A. offered to host the follow-up meeting in Madrid.",
    "Follow-up meetings are foreseen in Z\u{fc}rich, Krak\u{f3}w, Bucure\u{15f}ti and Reykjav\u{ed}k, subject to confirmation (\u{2248} 40 participants).",
    "The budget of the event (approx. 25 000 \u{20ac}) is covered by the voluntary contributions of member States.",
    "Partners will be fully involved in the work of the Ad hoc Committee on Artificial Intelligence (CAHAI) as part of the multi-stakeholder consultations.",
    "The workplan will further facilitate co-operation between partners themselves, as well as with civil society organisations affiliated with the Council of Europe.",
    "Venue: Palais de l\u{2019}Europe, Strasbourg \u{2014} interpretation in English and French (fran\u{e7}ais).",
];
