// An independent reference list of the names Sahel armed groups go by, built from the datasets and references an
// analyst holds, not from our seeds: each variant is written as its source writes it.
// - UCDP: the UCDP Actor Dataset 22.1 (../shared/data/ucdp/actor-221.csv: NameData, NameOrig, NameOrigFull,
//   NameOrigFullEng, NewName, NewNameFullEng).
// - ACLED: actor names in the ACLED Mali 2017-2020 export (../shared/data/acled/mali-2017-2020-monadic.csv) and
//   ACLED's current names ("Islamic State (Sahel)", "Islamic State (West Africa)").
// - PRESS: spellings used in the press and in reference works (Mapping Militants, CEP, Wikipedia, RFI, AFP):
//   Qaida/Qaeda/Qa'ida, French without accents, word order, descriptive English names.
// `expect` is the seed actor the variant names; the test asks the importers' resolver (exact forms, no typo
// tolerance), with no date and no dataset context.

export interface ReferenceName {
  name: string;
  expect: string;
  from: "UCDP" | "ACLED" | "PRESS";
}

const v = (from: ReferenceName["from"], expect: string, ...names: string[]): ReferenceName[] =>
  names.map((name) => ({ name, expect, from }));

export const REFERENCE_NAMES: ReferenceName[] = [
  // al-Qaeda in the Islamic Maghreb
  ...v(
    "UCDP",
    "aqim",
    "AQIM",
    "al-Qaida Organization in the Islamic Maghreb",
    "Qaida al-Jihad fi Bilad al-Maghrib al-Islami",
  ),
  ...v("ACLED", "aqim", "AQIM: Al Qaeda in the Islamic Maghreb"),
  ...v(
    "PRESS",
    "aqim",
    "al-Qaeda in the Islamic Maghreb",
    "Al Qaida in the Islamic Maghreb",
    "al-Qa'ida in the Islamic Maghreb",
    "Al-Qaïda au Maghreb islamique",
    "Al Qaida au Maghreb Islamique",
    "Al-Qaeda in the Lands of the Islamic Maghreb",
    "al-Qaida in the Lands of the Islamic Maghreb",
    "AQMI",
    "AQLIM",
    "Islamic Maghreb al-Qaeda",
  ),
  // GSPC, GIA, al-Qaeda
  ...v(
    "UCDP",
    "gspc",
    "GSPC",
    "Groupe salafiste pour la prédication et le combat",
    "Salafist Group for Preaching and Combat",
  ),
  ...v("PRESS", "gspc", "Salafist Group for Call and Combat", "Groupe Salafiste pour la Predication et le Combat"),
  ...v("UCDP", "gia", "GIA", "Groupe islamique armé", "Armed Islamic Group"),
  ...v("PRESS", "gia", "Groupe Islamique Arme", "Armed Islamic Group of Algeria"),
  ...v("ACLED", "al-qaeda", "Al Qaeda"),
  ...v("PRESS", "al-qaeda", "al-Qaeda", "al-Qaida", "Al-Qaïda", "al-Qa'ida", "Al Qaeda Central"),
  // MUJAO
  ...v(
    "UCDP",
    "mujao",
    "MUJAO",
    "Mouvement pour le Tawhîd et du Jihad en Afrique de l'Ouest",
    "Movement for Unity and Jihad in West Africa",
  ),
  ...v(
    "PRESS",
    "mujao",
    "MOJWA",
    "MUJWA",
    "Movement for Oneness and Jihad in West Africa",
    "Mouvement pour l'unicite et le jihad en Afrique de l'Ouest",
    "Unity and Jihad Movement in West Africa",
  ),
  // al-Mulathamun, al-Mourabitoun
  ...v("UCDP", "al-mulathamun", "Signed-in-Blood Battalion", "al-Mouwakoune Bi-Dima"),
  ...v(
    "PRESS",
    "al-mulathamun",
    "Those Who Sign in Blood",
    "The Masked Brigade",
    "Masked Men Brigade",
    "al-Mulathameen Brigade",
    "Al Mulathamun",
  ),
  ...v("UCDP", "al-mourabitoun", "al-Murabitun", "The Sentinel"),
  ...v("ACLED", "al-mourabitoun", "Al Mourabitoune Battalion"),
  ...v("PRESS", "al-mourabitoun", "al-Mourabitoun", "Al-Murabitoun", "Al Mourabitoune", "The Sentinels"),
  // Ansar Dine, Katiba Macina, JNIM
  ...v("UCDP", "ansar-dine", "Ansar Dine", "Defenders of the Faith"),
  ...v("PRESS", "ansar-dine", "Ansar al-Din", "Ansar Eddine", "Ansar Ed-Dine", "Ansar al Dine", "Ansar Dine (Mali)"),
  ...v("UCDP", "katiba-macina", "FLM", "Front de Libération du Macina", "Macina Liberation Front"),
  ...v("ACLED", "katiba-macina", "Katiba Macina"),
  ...v("PRESS", "katiba-macina", "Katibat Macina", "Front de liberation du Macina", "Macina Brigade"),
  ...v("UCDP", "jnim", "JNIM", "Jamaat Nusrat al-Islam wal-Muslimin", "Group for the Support of Islam and Muslims "),
  ...v("ACLED", "jnim", "JNIM: Group for Support of Islam and Muslims"),
  ...v(
    "PRESS",
    "jnim",
    "GSIM",
    "Jama'at Nusrat al-Islam wal-Muslimin",
    "Jamaat Nasr al-Islam wal Muslimin",
    "Jama'at Nusrat al-Islam wa al-Muslimin",
    "Groupe de soutien a l'islam et aux musulmans",
    "Groupe de Soutien à l'Islam et aux Musulmans",
    "Support Group for Islam and Muslims",
    "Group to Support Islam and Muslims",
    "Nusrat al-Islam wal-Muslimin",
  ),
  // Islamic State and its provinces
  ...v("UCDP", "islamic-state", "Islamic State", "ISIS", "ISI"),
  ...v(
    "PRESS",
    "islamic-state",
    "ISIL",
    "Daesh",
    "Islamic State of Iraq and the Levant",
    "Islamic State of Iraq and Syria",
  ),
  ...v(
    "ACLED",
    "is-sahel",
    "Islamic State (West Africa) - Greater Sahara Faction",
    "Islamic State (Greater Sahara)",
    "Islamic State (Sahel)",
  ),
  ...v(
    "PRESS",
    "is-sahel",
    "ISGS",
    "EIGS",
    "ISSP",
    "Islamic State in the Greater Sahara",
    "Islamic State Greater Sahara",
    "Etat islamique dans le Grand Sahara",
    "État islamique au Grand Sahara",
    "Islamic State Sahel Province",
    "Islamic State in the Sahel",
    "Islamic State – Sahel Province",
    "Etat islamique au Sahel",
  ),
  ...v("ACLED", "iswap", "Islamic State (West Africa) - Lake Chad Faction", "Islamic State (West Africa)"),
  ...v(
    "PRESS",
    "iswap",
    "ISWAP",
    "Islamic State West Africa Province",
    "Islamic State's West Africa Province",
    "Islamic State in West Africa",
    "Islamic State West Africa Province (ISWAP)",
    "Etat islamique en Afrique de l'Ouest",
  ),
  ...v("UCDP", "ansarul-islam", "Ansaroul Islam"),
  ...v("ACLED", "ansarul-islam", "Ansaroul Islam"),
  ...v("PRESS", "ansarul-islam", "Ansarul Islam", "Ansar ul Islam", "Ansar al-Islam (Burkina Faso)"),
  // Tuareg and Arab movements
  ...v(
    "UCDP",
    "mnla",
    "MNLA",
    "Mouvement national pour la libération de l'Azawad",
    "National Movement for the Liberation of Azawad",
  ),
  ...v("ACLED", "mnla", "MNLA: National Movement for the Liberation of Azawad"),
  ...v(
    "PRESS",
    "mnla",
    "Mouvement National de Liberation de l'Azawad",
    "National Movement for the Liberation of the Azawad",
  ),
  ...v("UCDP", "cma", "CMA", "Coordination des Mouvements de l’Azawad", "Coordination of Azawad Movements"),
  ...v("ACLED", "cma", "CMA: Coordination of Movements of the Azawad"),
  ...v("PRESS", "cma", "Coordination des mouvements de l'Azawad", "Coordination of the Movements of Azawad"),
  ...v("ACLED", "hcua", "HCUA: High Council for the Unity of Azawad"),
  ...v("PRESS", "hcua", "HCUA", "Haut Conseil pour l'Unite de l'Azawad", "High Council for the Unity of the Azawad"),
  ...v("UCDP", "gatia", "GATIA", "Groupe autodéfense touareg Imghad et alliés"),
  ...v("ACLED", "gatia", "GATIA: Imghad Tuareg and Allies Self-Defense Group"),
  ...v(
    "PRESS",
    "gatia",
    "Imghad Tuareg and Allies Self-Defense Group",
    "Groupe d'autodefense touareg Imghad et allies",
  ),
  ...v("UCDP", "msa", "MSA", "Mouvement du Salut de l’Azawad", "Movement for the Salvation of Azawad "),
  ...v("ACLED", "msa", "MSA: Movement for Azawad Salvation"),
  ...v("PRESS", "msa", "Mouvement pour le salut de l'Azawad", "Movement for the Salvation of the Azawad"),
  ...v("ACLED", "platform", "Platform of June 14th 2014 movements"),
  ...v("PRESS", "platform", "Plateforme", "Platform", "Plateforme des mouvements du 14 juin 2014 d'Alger"),
  // State and international forces
  ...v("UCDP", "fama", "Government of Mali"),
  ...v(
    "ACLED",
    "fama",
    "Military Forces of Mali (2013-2020)",
    "Military Forces of Mali (2020-2021)",
    "Military Forces of Mali (2021-)",
  ),
  ...v(
    "PRESS",
    "fama",
    "FAMa",
    "Forces armées maliennes",
    "Forces Armees Maliennes",
    "Malian army",
    "Malian Armed Forces",
  ),
  ...v("UCDP", "france-military", "Government of France"),
  ...v("ACLED", "france-military", "Military Forces of France (2017-)", "Military Forces of France (2012-2017)"),
  ...v("PRESS", "france-military", "French army", "Forces armees francaises", "French Armed Forces"),
  ...v("PRESS", "operation-barkhane", "Operation Barkhane", "Opération Barkhane", "Barkhane"),
  ...v("PRESS", "operation-serval", "Operation Serval", "Opération Serval", "Serval"),
  ...v(
    "ACLED",
    "minusma",
    "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-2020)",
  ),
  ...v(
    "PRESS",
    "minusma",
    "MINUSMA",
    "United Nations Multidimensional Integrated Stabilization Mission in Mali",
    "Mission multidimensionnelle integree des Nations unies pour la stabilisation au Mali",
  ),
  ...v("PRESS", "operation-maliko", "Operation Maliko", "Opération Maliko"),
];

/**
 * Acronyms that must never resolve to the wrong actor: the seed actor they name, or null for an acronym of a group
 * the seeds do not hold (it must stay unresolved, not land on a namesake).
 */
export const REFERENCE_ACRONYMS: { name: string; expect: string | null }[] = [
  { name: "AQIM", expect: "aqim" },
  { name: "AQMI", expect: "aqim" },
  { name: "GSPC", expect: "gspc" },
  { name: "GIA", expect: "gia" },
  { name: "MUJAO", expect: "mujao" },
  { name: "MOJWA", expect: "mujao" },
  { name: "JNIM", expect: "jnim" },
  { name: "GSIM", expect: "jnim" },
  { name: "ISGS", expect: "is-sahel" },
  { name: "EIGS", expect: "is-sahel" },
  { name: "ISSP", expect: "is-sahel" },
  { name: "ISWAP", expect: "iswap" },
  { name: "MNLA", expect: "mnla" },
  { name: "CMA", expect: "cma" },
  { name: "HCUA", expect: "hcua" },
  { name: "GATIA", expect: "gatia" },
  { name: "MSA", expect: "msa" },
  { name: "FAMa", expect: "fama" },
  { name: "FLM", expect: "katiba-macina" },
  { name: "MINUSMA", expect: "minusma" },
  // Burkina Faso, Niger and the Lake Chad basin (seeds/sahel-region-actors.json).
  { name: "JAS", expect: "boko-haram" },
  { name: "VDP", expect: "vdp" },
  { name: "MNJTF", expect: "mnjtf" },
  { name: "CJTF", expect: "civilian-joint-task-force" },
  { name: "AES", expect: "alliance-of-sahel-states" },
  { name: "CNSP", expect: "cnsp" },
  { name: "MPSR", expect: "mpsr" },
  { name: "BIR", expect: "cameroon-bir" },
  { name: "GFAT", expect: "gfat" },
  { name: "FACT", expect: "fact" },
  { name: "FPL", expect: "fpl-niger" },
  // Groups of the region our curated actors are not: never a namesake.
  { name: "CRA", expect: null },
  { name: "MPA", expect: null },
  { name: "FIAA", expect: null },
  { name: "ARLA", expect: null },
  { name: "FPLA", expect: null },
  { name: "MNJ", expect: null },
  { name: "FLAA", expect: null },
  { name: "MDD", expect: null },
];
