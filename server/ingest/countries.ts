// Country codes for place ids and Actor.countries: Gleditsch-Ward numbers (UCDP `country_id`) and the names UCDP and
// ACLED print, mapped to ISO 3166-1 alpha-3. A country not listed gets no code (its places are namespaced by its name).
import { normalizeName } from "../domain/index.js";

// gw;ISO3;names (the first is the display name; UCDP's historical names after it).
const TABLE = `2;USA;United States of America|United States|USA
20;CAN;Canada
31;BHS;Bahamas
40;CUB;Cuba
41;HTI;Haiti
42;DOM;Dominican Republic
51;JAM;Jamaica
52;TTO;Trinidad and Tobago
70;MEX;Mexico
90;GTM;Guatemala
91;HND;Honduras
92;SLV;El Salvador
93;NIC;Nicaragua
94;CRI;Costa Rica
95;PAN;Panama
100;COL;Colombia
101;VEN;Venezuela
110;GUY;Guyana
115;SUR;Suriname
130;ECU;Ecuador
135;PER;Peru
140;BRA;Brazil
145;BOL;Bolivia
150;PRY;Paraguay
155;CHL;Chile
160;ARG;Argentina
165;URY;Uruguay
200;GBR;United Kingdom
205;IRL;Ireland
210;NLD;Netherlands
211;BEL;Belgium
220;FRA;France
225;CHE;Switzerland|Switzerland
230;ESP;Spain
235;PRT;Portugal
255;DEU;Germany
290;POL;Poland
310;HUN;Hungary
316;CZE;Czech Republic|Czechia
325;ITA;Italy
339;ALB;Albania
341;MNE;Montenegro
343;MKD;North Macedonia|Macedonia, FYR|Macedonia
344;HRV;Croatia
345;SRB;Serbia|Serbia (Yugoslavia)|Yugoslavia
346;BIH;Bosnia-Herzegovina|Bosnia and Herzegovina
347;XKX;Kosovo
350;GRC;Greece
352;CYP;Cyprus
355;BGR;Bulgaria
359;MDA;Moldova
360;ROU;Romania|Rumania
365;RUS;Russia|Russia (Soviet Union)|Soviet Union
369;UKR;Ukraine
370;BLR;Belarus
371;ARM;Armenia
372;GEO;Georgia
373;AZE;Azerbaijan
404;GNB;Guinea-Bissau
411;GNQ;Equatorial Guinea
420;GMB;Gambia
432;MLI;Mali
433;SEN;Senegal
434;BEN;Benin
435;MRT;Mauritania
436;NER;Niger
437;CIV;Ivory Coast|Cote d'Ivoire|Côte d'Ivoire
438;GIN;Guinea
439;BFA;Burkina Faso|Upper Volta
450;LBR;Liberia
451;SLE;Sierra Leone
452;GHA;Ghana
461;TGO;Togo
471;CMR;Cameroon
475;NGA;Nigeria
481;GAB;Gabon
482;CAF;Central African Republic
483;TCD;Chad
484;COG;Congo|Republic of Congo
490;COD;DR Congo|DR Congo (Zaire)|Democratic Republic of Congo|Zaire
500;UGA;Uganda
501;KEN;Kenya
510;TZA;Tanzania
516;BDI;Burundi
517;RWA;Rwanda
520;SOM;Somalia
522;DJI;Djibouti
530;ETH;Ethiopia
531;ERI;Eritrea
540;AGO;Angola
541;MOZ;Mozambique
551;ZMB;Zambia
552;ZWE;Zimbabwe|Zimbabwe (Rhodesia)|Rhodesia
553;MWI;Malawi
560;ZAF;South Africa
565;NAM;Namibia
570;LSO;Lesotho
571;BWA;Botswana
572;SWZ;eSwatini|Kingdom of eSwatini (Swaziland)|Swaziland
580;MDG;Madagascar|Madagascar (Malagasy)
581;COM;Comoros
600;MAR;Morocco
615;DZA;Algeria
616;TUN;Tunisia
620;LBY;Libya
625;SDN;Sudan
626;SSD;South Sudan
630;IRN;Iran
640;TUR;Turkey|Türkiye
645;IRQ;Iraq
651;EGY;Egypt
652;SYR;Syria
660;LBN;Lebanon
663;JOR;Jordan
666;ISR;Israel
670;SAU;Saudi Arabia
678;YEM;Yemen|Yemen (North Yemen)
690;KWT;Kuwait
692;BHR;Bahrain
694;QAT;Qatar
696;ARE;United Arab Emirates
698;OMN;Oman
700;AFG;Afghanistan
701;TKM;Turkmenistan
702;TJK;Tajikistan
703;KGZ;Kyrgyzstan
704;UZB;Uzbekistan
705;KAZ;Kazakhstan
710;CHN;China
712;MNG;Mongolia
713;TWN;Taiwan
731;PRK;North Korea
732;KOR;South Korea
740;JPN;Japan
750;IND;India
770;PAK;Pakistan
771;BGD;Bangladesh
775;MMR;Myanmar|Myanmar (Burma)|Burma
780;LKA;Sri Lanka
790;NPL;Nepal
800;THA;Thailand
811;KHM;Cambodia|Cambodia (Kampuchea)
812;LAO;Laos
816;VNM;Vietnam|Vietnam (North Vietnam)
820;MYS;Malaysia
840;PHL;Philippines
850;IDN;Indonesia
860;TLS;East Timor|Timor-Leste
910;PNG;Papua New Guinea
940;SLB;Solomon Islands
950;FJI;Fiji`;

export interface Country {
  iso3: string;
  name: string;
}

const byGw = new Map<string, Country>();
const byName = new Map<string, Country>();
for (const line of TABLE.split("\n")) {
  const [gw, iso3, names] = line.split(";");
  const all = names.split("|");
  const c = { iso3, name: all[0] };
  byGw.set(gw, c);
  for (const n of all) byName.set(normalizeName(n), c);
  byName.set(iso3.toLowerCase(), c);
}

/** By Gleditsch-Ward number first (exact), then by name. */
export function countryOf(name: string, gw?: string): Country | undefined {
  return (gw ? byGw.get(gw.trim()) : undefined) ?? byName.get(normalizeName(name));
}
