#!/usr/bin/env python3
"""Regenerates data/organizations.tsv (columns: name, acronyms, aliases, kind) from the
hand-curated list below (written for Dossier; no external source).

Kinds:
  un-system          the United Nations, its principal organs, funds, programmes, specialized
                     agencies, regional commissions, peacekeeping and political missions, and
                     related organisations (IAEA, IOM, OPCW, CTBTO)
  financial          international financial institutions: the World Bank Group and the IMF
                     (formally UN specialized agencies), regional development banks, BIS, ...
  eu                 the European Union and its institutions, bodies and agencies
  intergovernmental  every other organisation or standing forum of states (ASEAN, NATO, G20, ...)
  ngo                international non-governmental and other non-state organisations
                     (Amnesty, MSF, ICRC and IFRC, IOC, FIFA, WEF, foundations)

Spelling variants are added automatically: Organization/Organisation, Programme/Program,
Labour/Labor, Centre/Center, Defence/Defense.

Usage: python3 scripts/gen-organizations.py
Fails (exit status 1) when a name, acronym or alias maps to two organisations after the loader's
`compact_key` or `loose_key` folding.
"""

import os
import re
import sys
from collections import defaultdict

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dossier_data import DATA, compact, dedupe, fold, straighten, write_tsv  # noqa: E402

KINDS = {"un-system", "financial", "eu", "intergovernmental", "ngo"}

UN, FIN, EU, IGO, NGO = "un-system", "financial", "eu", "intergovernmental", "ngo"

# (name, acronyms, aliases, kind)
ORGS = [
    # --- the United Nations and its principal organs ---------------------------------------
    ("United Nations", ["UN", "U.N."], ["United Nations Organization"], UN),
    ("United Nations General Assembly", ["UNGA"], ["UN General Assembly", "General Assembly of the United Nations", "General Assembly"], UN),
    ("United Nations Security Council", ["UNSC"], ["UN Security Council", "Security Council"], UN),
    ("United Nations Economic and Social Council", ["ECOSOC"], ["UN Economic and Social Council", "Economic and Social Council"], UN),
    ("United Nations Trusteeship Council", [], ["UN Trusteeship Council", "Trusteeship Council"], UN),
    ("International Court of Justice", ["ICJ"], ["World Court"], UN),
    ("United Nations Secretariat", [], ["UN Secretariat"], UN),
    ("United Nations Human Rights Council", ["UNHRC"], ["UN Human Rights Council", "Human Rights Council"], UN),
    # --- funds, programmes, offices and other UN entities ---------------------------------
    ("Office of the United Nations High Commissioner for Human Rights", ["OHCHR"], ["UN Human Rights Office", "UN Human Rights", "Office of the High Commissioner for Human Rights", "UN human rights office"], UN),
    ("Office of the United Nations High Commissioner for Refugees", ["UNHCR"], ["UN Refugee Agency", "United Nations Refugee Agency"], UN),
    ("United Nations Children's Fund", ["UNICEF"], ["UN Children's Fund", "United Nations International Children's Emergency Fund"], UN),
    ("United Nations Development Programme", ["UNDP"], ["UN Development Programme"], UN),
    ("United Nations Environment Programme", ["UNEP"], ["UN Environment Programme", "UN Environment"], UN),
    ("United Nations Population Fund", ["UNFPA"], ["UN Population Fund", "United Nations Fund for Population Activities"], UN),
    ("United Nations Office on Drugs and Crime", ["UNODC"], ["UN Office on Drugs and Crime"], UN),
    ("World Food Programme", ["WFP"], ["UN World Food Programme", "United Nations World Food Programme"], UN),
    ("UN Women", [], ["United Nations Entity for Gender Equality and the Empowerment of Women", "United Nations Women"], UN),
    ("Joint United Nations Programme on HIV/AIDS", ["UNAIDS"], ["Joint UN Programme on HIV/AIDS"], UN),
    ("United Nations Conference on Trade and Development", ["UNCTAD"], ["UN Conference on Trade and Development", "UN Trade and Development"], UN),
    ("United Nations Office for Project Services", ["UNOPS"], ["UN Office for Project Services"], UN),
    ("United Nations Relief and Works Agency for Palestine Refugees in the Near East", ["UNRWA"], ["UN Relief and Works Agency", "United Nations Relief and Works Agency"], UN),
    ("United Nations Office for the Coordination of Humanitarian Affairs", ["OCHA", "UNOCHA"], ["UN Office for the Coordination of Humanitarian Affairs", "Office for the Coordination of Humanitarian Affairs"], UN),
    ("United Nations Human Settlements Programme", ["UN-Habitat"], ["UN Human Settlements Programme"], UN),
    ("United Nations Office for Disaster Risk Reduction", ["UNDRR", "UNISDR"], ["UN Office for Disaster Risk Reduction"], UN),
    ("United Nations Institute for Training and Research", ["UNITAR"], [], UN),
    ("United Nations University", ["UNU"], ["UN University"], UN),
    ("United Nations Volunteers", ["UNV"], ["UN Volunteers"], UN),
    ("United Nations Capital Development Fund", ["UNCDF"], ["UN Capital Development Fund"], UN),
    ("United Nations Mine Action Service", ["UNMAS"], ["UN Mine Action Service"], UN),
    ("United Nations Office for Outer Space Affairs", ["UNOOSA"], ["UN Office for Outer Space Affairs"], UN),
    ("United Nations Office of Counter-Terrorism", ["UNOCT"], ["UN Office of Counter-Terrorism"], UN),
    ("International Trade Centre", [], [], UN),
    ("Intergovernmental Panel on Climate Change", ["IPCC"], ["UN climate panel"], UN),
    ("International Narcotics Control Board", ["INCB"], [], UN),
    # regional commissions
    ("Economic and Social Commission for Asia and the Pacific", ["ESCAP", "UNESCAP"], ["United Nations Economic and Social Commission for Asia and the Pacific", "UN Economic and Social Commission for Asia and the Pacific"], UN),
    ("Economic Commission for Africa", ["ECA", "UNECA"], ["United Nations Economic Commission for Africa", "UN Economic Commission for Africa"], UN),
    ("Economic Commission for Latin America and the Caribbean", ["ECLAC", "CEPAL"], ["United Nations Economic Commission for Latin America and the Caribbean", "UN Economic Commission for Latin America and the Caribbean"], UN),
    ("Economic and Social Commission for Western Asia", ["ESCWA"], ["United Nations Economic and Social Commission for Western Asia"], UN),
    ("Economic Commission for Europe", ["UNECE"], ["United Nations Economic Commission for Europe", "UN Economic Commission for Europe"], UN),
    # peacekeeping and political missions
    ("United Nations Interim Force in Lebanon", ["UNIFIL"], ["UN Interim Force in Lebanon"], UN),
    ("United Nations Organization Stabilization Mission in the Democratic Republic of the Congo", ["MONUSCO"], [], UN),
    ("United Nations Mission in South Sudan", ["UNMISS"], ["UN Mission in South Sudan"], UN),
    ("United Nations Assistance Mission in Afghanistan", ["UNAMA"], ["UN Assistance Mission in Afghanistan"], UN),
    ("United Nations Assistance Mission for Iraq", ["UNAMI"], ["UN Assistance Mission for Iraq"], UN),
    ("United Nations Peacekeeping Force in Cyprus", ["UNFICYP"], [], UN),
    ("United Nations Interim Administration Mission in Kosovo", ["UNMIK"], [], UN),
    ("United Nations Disengagement Observer Force", ["UNDOF"], [], UN),
    # specialized agencies
    ("World Health Organization", ["WHO"], ["UN health agency"], UN),
    ("International Labour Organization", ["ILO"], ["International Labour Office"], UN),
    ("Food and Agriculture Organization of the United Nations", ["FAO"], ["Food and Agriculture Organization", "UN Food and Agriculture Organization"], UN),
    ("United Nations Educational, Scientific and Cultural Organization", ["UNESCO"], ["UN Educational, Scientific and Cultural Organization"], UN),
    ("International Civil Aviation Organization", ["ICAO"], [], UN),
    ("International Maritime Organization", ["IMO"], [], UN),
    ("International Telecommunication Union", ["ITU"], [], UN),
    ("Universal Postal Union", ["UPU"], [], UN),
    ("World Meteorological Organization", ["WMO"], [], UN),
    ("World Intellectual Property Organization", ["WIPO"], [], UN),
    ("International Fund for Agricultural Development", ["IFAD"], [], UN),
    ("United Nations Industrial Development Organization", ["UNIDO"], ["UN Industrial Development Organization"], UN),
    ("World Tourism Organization", ["UNWTO"], ["UN Tourism", "United Nations World Tourism Organization", "UN World Tourism Organization"], UN),
    # related organisations
    ("International Atomic Energy Agency", ["IAEA"], ["UN nuclear watchdog"], UN),
    ("International Organization for Migration", ["IOM"], ["UN Migration", "UN migration agency"], UN),
    ("Organisation for the Prohibition of Chemical Weapons", ["OPCW"], [], UN),
    ("Comprehensive Nuclear-Test-Ban Treaty Organization", ["CTBTO"], [], UN),

    # --- international financial institutions ----------------------------------------------
    ("International Monetary Fund", ["IMF"], [], FIN),
    ("World Bank", ["WBG"], ["World Bank Group"], FIN),
    ("International Bank for Reconstruction and Development", ["IBRD"], [], FIN),
    ("International Development Association", ["IDA"], [], FIN),
    ("International Finance Corporation", ["IFC"], [], FIN),
    ("Multilateral Investment Guarantee Agency", ["MIGA"], [], FIN),
    ("International Centre for Settlement of Investment Disputes", ["ICSID"], [], FIN),
    ("Asian Development Bank", ["ADB"], [], FIN),
    ("Asian Infrastructure Investment Bank", ["AIIB"], [], FIN),
    ("African Development Bank", ["AfDB"], ["African Development Bank Group"], FIN),
    ("Inter-American Development Bank", ["IDB", "IADB"], [], FIN),
    ("Islamic Development Bank", ["IsDB"], [], FIN),
    ("European Bank for Reconstruction and Development", ["EBRD"], [], FIN),
    ("New Development Bank", ["NDB"], ["BRICS Bank", "BRICS Development Bank"], FIN),
    ("Bank for International Settlements", ["BIS"], [], FIN),
    ("Paris Club", [], [], FIN),
    ("Financial Stability Board", [], [], FIN),
    ("OPEC Fund for International Development", [], ["OPEC Fund"], FIN),
    ("ASEAN+3 Macroeconomic Research Office", ["AMRO"], [], FIN),
    ("Global Environment Facility", ["GEF"], [], FIN),
    ("Green Climate Fund", ["GCF"], [], FIN),

    # --- the European Union ----------------------------------------------------------------
    ("European Union", ["EU", "E.U."], [], EU),
    ("European Commission", [], ["EU Commission"], EU),
    ("European Parliament", [], ["EU Parliament"], EU),
    ("Council of the European Union", [], ["Council of the EU", "EU Council of Ministers"], EU),
    ("European Council", [], [], EU),
    ("European Central Bank", ["ECB"], [], EU),
    ("Court of Justice of the European Union", ["CJEU", "ECJ"], ["European Court of Justice", "EU Court of Justice"], EU),
    ("European Court of Auditors", [], [], EU),
    ("European Investment Bank", ["EIB"], [], EU),
    ("European External Action Service", ["EEAS"], [], EU),
    ("Europol", [], ["European Union Agency for Law Enforcement Cooperation", "European Police Office"], EU),
    ("Frontex", [], ["European Border and Coast Guard Agency"], EU),
    ("Eurojust", [], ["European Union Agency for Criminal Justice Cooperation"], EU),
    ("European Anti-Fraud Office", ["OLAF"], [], EU),
    ("European Public Prosecutor's Office", ["EPPO"], [], EU),
    ("Eurostat", [], [], EU),
    ("European Medicines Agency", ["EMA"], [], EU),
    ("European Food Safety Authority", ["EFSA"], [], EU),
    ("European Environment Agency", [], [], EU),
    ("European Chemicals Agency", ["ECHA"], [], EU),
    ("European Securities and Markets Authority", ["ESMA"], [], EU),
    ("European Banking Authority", ["EBA"], [], EU),
    ("European Union Aviation Safety Agency", ["EASA"], [], EU),
    ("European Defence Agency", ["EDA"], [], EU),
    ("European Union Agency for Asylum", ["EUAA"], [], EU),
    ("European Ombudsman", [], [], EU),
    ("European Economic and Social Committee", ["EESC"], [], EU),
    ("European Stability Mechanism", ["ESM"], [], EU),
    ("Eurogroup", [], [], EU),

    # --- Asia and the Pacific --------------------------------------------------------------
    ("Association of Southeast Asian Nations", ["ASEAN"], ["Association of South-East Asian Nations", "Association of South East Asian Nations"], IGO),
    ("ASEAN Secretariat", [], [], IGO),
    ("ASEAN Regional Forum", ["ARF"], [], IGO),
    ("East Asia Summit", ["EAS"], [], IGO),
    ("ASEAN Plus Three", ["APT"], ["ASEAN+3"], IGO),
    ("ASEAN Intergovernmental Commission on Human Rights", ["AICHR"], [], IGO),
    ("ASEAN Economic Community", ["AEC"], [], IGO),
    ("ASEAN Defence Ministers' Meeting", ["ADMM"], ["ADMM-Plus"], IGO),
    ("ASEAN Inter-Parliamentary Assembly", ["AIPA"], [], IGO),
    ("ASEAN Chiefs of National Police", ["ASEANAPOL"], [], IGO),
    ("ASEAN Coordinating Centre for Humanitarian Assistance on Disaster Management", [], ["AHA Centre"], IGO),
    ("Asia-Europe Meeting", ["ASEM"], [], IGO),
    ("Asia-Pacific Economic Cooperation", ["APEC"], ["Asia Pacific Economic Cooperation"], IGO),
    ("Mekong River Commission", ["MRC"], ["Mekong River Commission Secretariat"], IGO),
    ("Lancang-Mekong Cooperation", ["LMC"], ["Mekong-Lancang Cooperation"], IGO),
    ("Mekong-Ganga Cooperation", ["MGC"], [], IGO),
    ("Ayeyawady-Chao Phraya-Mekong Economic Cooperation Strategy", ["ACMECS"], [], IGO),
    ("Mekong-U.S. Partnership", [], ["Mekong-US Partnership"], IGO),
    ("Lower Mekong Initiative", ["LMI"], [], IGO),
    ("Greater Mekong Subregion Economic Cooperation Program", [], ["GMS Economic Cooperation Program", "GMS Program"], IGO),
    ("Mekong Institute", [], [], IGO),
    ("Asian Disaster Preparedness Center", ["ADPC"], [], IGO),
    ("Asia/Pacific Group on Money Laundering", ["APG"], ["Asia Pacific Group on Money Laundering", "Asia-Pacific Group on Money Laundering"], IGO),
    ("Colombo Plan", [], [], IGO),
    ("Southeast Asian Ministers of Education Organization", ["SEAMEO"], [], IGO),
    ("South Asian Association for Regional Cooperation", ["SAARC"], [], IGO),
    ("Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation", ["BIMSTEC"], [], IGO),
    ("Shanghai Cooperation Organisation", ["SCO"], [], IGO),
    ("Conference on Interaction and Confidence-Building Measures in Asia", ["CICA"], [], IGO),
    ("Asia Cooperation Dialogue", ["ACD"], [], IGO),
    ("Pacific Islands Forum", ["PIF"], [], IGO),
    ("Pacific Community", ["SPC"], ["Secretariat of the Pacific Community"], IGO),
    ("Quadrilateral Security Dialogue", [], ["Quad"], IGO),
    ("AUKUS", [], [], IGO),
    ("Five Eyes", ["FVEY"], [], IGO),
    # --- Europe, Eurasia, the North Atlantic -----------------------------------------------
    ("North Atlantic Treaty Organization", ["NATO"], ["North Atlantic Alliance"], IGO),
    ("Organization for Security and Co-operation in Europe", ["OSCE"], [], IGO),
    ("Council of Europe", ["CoE"], [], IGO),
    ("European Court of Human Rights", ["ECtHR"], [], IGO),
    ("Organisation for Economic Co-operation and Development", ["OECD"], [], IGO),
    ("Eurasian Economic Union", ["EAEU", "EEU"], [], IGO),
    ("Commonwealth of Independent States", ["CIS"], [], IGO),
    ("Collective Security Treaty Organization", ["CSTO"], [], IGO),
    ("Arctic Council", [], [], IGO),
    ("Nordic Council", [], [], IGO),
    # --- global forums and organisations ---------------------------------------------------
    ("World Trade Organization", ["WTO"], [], IGO),
    ("Group of Seven", ["G7", "G-7"], ["Group of 7"], IGO),
    ("Group of Twenty", ["G20", "G-20"], ["Group of 20"], IGO),
    ("Group of 77", ["G77", "G-77"], ["Group of Seventy-Seven"], IGO),
    ("BRICS", [], [], IGO),
    ("Non-Aligned Movement", ["NAM"], [], IGO),
    ("Commonwealth of Nations", [], ["Commonwealth", "Commonwealth Secretariat"], IGO),
    ("Organisation internationale de la Francophonie", ["OIF"], ["International Organisation of La Francophonie", "La Francophonie", "Francophonie"], IGO),
    ("International Criminal Court", ["ICC"], [], IGO),
    ("Permanent Court of Arbitration", ["PCA"], [], IGO),
    ("International Tribunal for the Law of the Sea", ["ITLOS"], [], IGO),
    ("International Seabed Authority", [], [], IGO),
    ("International Criminal Police Organization", ["INTERPOL", "ICPO"], ["Interpol", "ICPO-INTERPOL"], IGO),
    ("World Customs Organization", ["WCO"], [], IGO),
    ("Financial Action Task Force", ["FATF"], [], IGO),
    ("Egmont Group", [], ["Egmont Group of Financial Intelligence Units"], IGO),
    ("International Energy Agency", ["IEA"], [], IGO),
    ("International Renewable Energy Agency", ["IRENA"], [], IGO),
    ("Organization of the Petroleum Exporting Countries", ["OPEC"], [], IGO),
    ("International Organization for Standardization", ["ISO"], [], IGO),
    ("Inter-Parliamentary Union", ["IPU"], [], IGO),
    ("World Organisation for Animal Health", ["WOAH", "OIE"], [], IGO),
    ("Nuclear Suppliers Group", ["NSG"], [], IGO),
    # --- Africa and the Middle East --------------------------------------------------------
    ("African Union", ["AU"], ["African Union Commission"], IGO),
    ("Economic Community of West African States", ["ECOWAS"], [], IGO),
    ("Southern African Development Community", ["SADC"], [], IGO),
    ("East African Community", ["EAC"], [], IGO),
    ("Intergovernmental Authority on Development", ["IGAD"], [], IGO),
    ("Common Market for Eastern and Southern Africa", ["COMESA"], [], IGO),
    ("Economic Community of Central African States", ["ECCAS"], [], IGO),
    ("Alliance of Sahel States", [], [], IGO),
    ("Arab League", [], ["League of Arab States"], IGO),
    ("Gulf Cooperation Council", ["GCC"], ["Cooperation Council for the Arab States of the Gulf"], IGO),
    ("Organisation of Islamic Cooperation", ["OIC"], ["Organisation of the Islamic Conference"], IGO),
    # --- the Americas ----------------------------------------------------------------------
    ("Organization of American States", ["OAS"], [], IGO),
    ("Mercosur", [], ["Mercosul", "Southern Common Market"], IGO),
    ("Andean Community", [], [], IGO),
    ("Central American Integration System", ["SICA"], [], IGO),
    ("Caribbean Community", ["CARICOM"], [], IGO),
    ("Community of Latin American and Caribbean States", ["CELAC"], [], IGO),

    # --- non-governmental and other non-state organisations --------------------------------
    ("International Committee of the Red Cross", ["ICRC"], ["Red Cross"], NGO),
    ("International Federation of Red Cross and Red Crescent Societies", ["IFRC"], [], NGO),
    ("Médecins Sans Frontières", ["MSF"], ["Doctors Without Borders", "Medecins Sans Frontieres"], NGO),
    ("Amnesty International", [], ["Amnesty"], NGO),
    ("Human Rights Watch", ["HRW"], [], NGO),
    ("Transparency International", [], [], NGO),
    ("Oxfam International", [], ["Oxfam"], NGO),
    ("Save the Children", [], ["Save the Children International"], NGO),
    ("Greenpeace", [], ["Greenpeace International"], NGO),
    ("World Wide Fund for Nature", ["WWF"], ["World Wildlife Fund"], NGO),
    ("CARE International", ["CARE"], [], NGO),
    ("International Rescue Committee", ["IRC"], [], NGO),
    ("Norwegian Refugee Council", ["NRC"], [], NGO),
    ("Reporters Without Borders", ["RSF"], ["Reporters Sans Frontières"], NGO),
    ("Committee to Protect Journalists", ["CPJ"], [], NGO),
    ("International Crisis Group", ["ICG"], ["Crisis Group"], NGO),
    ("Freedom House", [], [], NGO),
    ("Global Witness", [], [], NGO),
    ("World Vision", [], ["World Vision International"], NGO),
    ("Plan International", [], [], NGO),
    ("ActionAid", [], ["ActionAid International"], NGO),
    ("Caritas Internationalis", [], ["Caritas"], NGO),
    ("Humanity & Inclusion", [], ["Handicap International", "Humanity and Inclusion"], NGO),
    ("Mercy Corps", [], [], NGO),
    ("International Federation for Human Rights", ["FIDH"], [], NGO),
    ("Wildlife Conservation Society", ["WCS"], [], NGO),
    ("Environmental Investigation Agency", [], [], NGO),
    ("The Asia Foundation", [], ["Asia Foundation"], NGO),
    ("International Union for Conservation of Nature", ["IUCN"], [], NGO),
    ("International Rice Research Institute", ["IRRI"], [], NGO),
    ("Bill & Melinda Gates Foundation", [], ["Gates Foundation", "Bill and Melinda Gates Foundation"], NGO),
    ("Global Fund to Fight AIDS, Tuberculosis and Malaria", [], ["Global Fund"], NGO),
    ("Gavi, the Vaccine Alliance", [], ["Gavi", "GAVI Alliance"], NGO),
    ("World Economic Forum", ["WEF"], [], NGO),
    ("International Chamber of Commerce", [], [], NGO),
    ("International Olympic Committee", ["IOC"], [], NGO),
    ("FIFA", [], ["Fédération Internationale de Football Association", "International Federation of Association Football"], NGO),
]

# British/American spelling pairs; both directions are generated.
SPELLINGS = [("Organization", "Organisation"), ("Programme", "Program"), ("Labour", "Labor"),
             ("Centre", "Center"), ("Defence", "Defense")]


def variants(form):
    out = []
    for a, b in SPELLINGS:
        for x, y in ((a, b), (b, a)):
            if re.search(rf"\b{x}\b", form):
                out.append(re.sub(rf"\b{x}\b", y, form))
    return out


def loose_compact(s):
    """= text.rs loose_key without spaces: possessive 's and a plural s of longer words dropped."""
    words = []
    for w in re.split(r"[\s-]+", fold(s)):
        w = w.strip("".join(c for c in w if not c.isalnum()))
        if w.endswith("'s"):
            w = w[:-2]
        w = "".join(c for c in w if c.isalnum())
        if not w or w == "the":
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    return "".join(words)


def main():
    rows = []
    for name, acronyms, aliases, kind in ORGS:
        assert kind in KINDS, (name, kind)
        name = straighten(name)
        aliases = [straighten(a) for a in aliases]
        generated = []
        for f in [name] + aliases:
            generated += variants(f)
        aliases = [a for a in dedupe(aliases + generated) if a != name]
        rows.append([name, dedupe(acronyms), aliases, kind])

    errors = []
    for keyf in (compact, loose_compact):
        owner = defaultdict(set)
        for i, (name, acronyms, aliases, _) in enumerate(rows):
            for v in [name] + acronyms + aliases:
                owner[keyf(v)].add(i)
        for k, v in sorted(owner.items()):
            if len(v) > 1:
                errors.append(f"{keyf.__name__} key {k!r} maps to {[rows[i][0] for i in sorted(v)]}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)

    out = os.path.join(DATA, "organizations.tsv")
    write_tsv(out, ["name", "acronyms", "aliases", "kind"], rows)
    counts = defaultdict(int)
    for r in rows:
        counts[r[3]] += 1
    print(f"wrote {out}: {len(rows)} organisations {dict(counts)}", file=sys.stderr)


if __name__ == "__main__":
    main()
