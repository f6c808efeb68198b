// ACLED event types -> our closed set, for the current taxonomy (2019-) and the pre-2019 one, and ACLED actor
// categories (inter codes, numeric or, in newer exports, written out) -> whether the actor is armed and its kind.
import type { ActorKind, EventType } from "../../domain/index.js";

const SUB_TYPES: Record<string, EventType> = {
  "non-state actor overtakes territory": "occupation",
  "government regains territory": "occupation",
  "non-violent transfer of territory": "occupation",
  "headquarters or base established": "occupation",
};

const TYPES: Record<string, EventType> = {
  // current taxonomy
  battles: "battle",
  "violence against civilians": "attack_on_civilians",
  "explosions/remote violence": "explosion_remote_violence",
  "strategic developments": "other",
  protests: "other",
  riots: "other",
  // pre-2019 taxonomy
  "battle-no change of territory": "battle",
  "battle-non-state actor overtakes territory": "occupation",
  "battle-government regains territory": "occupation",
  "remote violence": "explosion_remote_violence",
  "riots/protests": "other",
  "strategic development": "other",
  "non-violent transfer of territory": "occupation",
  "headquarters or base established": "occupation",
  "non-violent activity by a conflict actor": "other",
};

/** null when the event type is not one ACLED has used. */
export function acledEventType(eventType: string, subEventType: string): EventType | null {
  const t = TYPES[eventType.trim().toLowerCase()];
  if (!t) return null;
  return SUB_TYPES[subEventType.trim().toLowerCase()] ?? t;
}

export const ACLED_EVENT_TYPES = Object.keys(TYPES);

const INTER_TEXT: Record<string, number> = {
  "state forces": 1,
  "rebel group": 2,
  "rebel groups": 2,
  "political militia": 3,
  "political militias": 3,
  "identity militia": 4,
  "identity militias": 4,
  "communal militia": 4,
  rioters: 5,
  protesters: 6,
  civilians: 7,
  "external/other forces": 8,
  "external/other force": 8,
};

/** 1-8, or 0 when absent or unknown. */
export function interCode(text: string): number {
  const t = text.trim();
  if (/^[0-8]$/.test(t)) return Number(t);
  return INTER_TEXT[t.toLowerCase()] ?? 0;
}

/** Rioters, protesters and civilians are not armed actors: they never become Actor nodes. */
export function isArmedInter(code: number): boolean {
  return code !== 5 && code !== 6 && code !== 7;
}

/** The kind hint for a provisional actor: state forces, identity militias and external forces by category. */
/**
 * The kind ACLED's own inter code gives an actor. Code 8 (external/other forces) holds both foreign national forces
 * and multinational missions: "Military Forces of Burkina Faso" in a Mali file is a state force (of another state),
 * not an international one; MINUSMA or the G5 Sahel force are international.
 */
export function kindHintOf(code: number, name = ""): ActorKind | undefined {
  switch (code) {
    case 1:
      return "state_force";
    case 3:
      return "pro_government_militia";
    case 4:
      return "communal_militia";
    case 8:
      return /^(military|police) forces of /i.test(name.trim()) ? "state_force" : "international_force";
    default:
      return undefined;
  }
}

/** Names ACLED uses for people who are not armed groups, as associated actors (no inter code is given for those). */
const NON_ARMED_RE =
  /^(civilians|protesters|rioters)\b|\bethnic group\b|\breligious group\b|^(labou?r group|muslim group|christian group|farmers|pastoralists|herders|fishers|teachers|students|women|children|health workers|aid workers|journalists|lawyers|judges|miners|refugees|idps|prisoners|traders|government officials|local administrators|politicians|political party)\b|^icrc:|^msf:|^un(hcr|icef)?:/i;

export function isNonArmedName(name: string): boolean {
  return NON_ARMED_RE.test(name.trim());
}

/** "Unidentified Armed Group (Mali)": a placeholder, not an actor one could link to anything. */
export function isAnonymousName(name: string): boolean {
  return /^unidentified\b/i.test(name.trim());
}
