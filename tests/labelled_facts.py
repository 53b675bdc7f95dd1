"""A small hand-built facts file with what schema v2 adds: headline ranks, measure labels in both languages,
a subject per figure, and the certainty qualifiers `design` and `project-total`. Quotes are the article's own,
so the file loads and verifies like the real one. Used by the table snapshots (test_tables.py)."""

from conftest import TINY_FACTS

# The tiny facts file's source (the article), then what schema v2 adds.
_SOURCES_END = min(at for at in (TINY_FACTS.find("\nmeasures:"), TINY_FACTS.find("\nentities:")) if at != -1) + 1
LABELLED_FACTS = TINY_FACTS[:_SOURCES_END] + """\
measures:
  - {id: capacity, en: magnet capacity, zh: 永磁材料产能}
  - {id: share-of-national-capacity, en: share of China's capacity, zh: 占全国产能比重}
  - {id: gross-industrial-output-value, en: gross industrial output value, zh: 工业总产值}
  - {id: rare-earth-output-value, en: rare-earth industry output value, zh: 稀土产业产值}
  - {id: major-projects, en: major projects (over ¥100 m each), zh: 亿元以上重大项目}
  - {id: investment-total, en: total investment, zh: 总投资}
  - {id: funds-in-place, en: domestic funds in place, zh: 国内到位资金}
  - {id: capacity-after-completion, en: capacity once completed, zh: 建成后产能}
entities:
  - {id: zone, type: zone, zh: 包头稀土高新区, en: Baotou Rare Earth Hi-Tech Zone, nouns: [高新区]}
  - {id: jl-mag, type: company, zh: 金力永磁, en: "JL MAG Rare-Earth Co., Ltd.", aliases: [JL MAG], industries: [rare-earth]}
  - id: jl-mag-phase2
    type: project
    zh: 金力永磁二期年产1.2万吨高性能钕铁硼项目
    en: "JL MAG phase 2: 12,000 t/year high-performance NdFeB project"
    aliases: [金力永磁二期, "JL MAG's phase 2 project"]
    company: jl-mag
    industries: [rare-earth]
  - {id: shuangliang-group, type: group, zh: 双良集团, en: Shuangliang Group, aliases: [双良, Shuangliang], industries: [new-energy]}
  - id: shuangliang-40gw
    type: project
    zh: 年产40GW拉晶、40GW切片项目
    en: Shuangliang annual 40 GW crystal-pulling and 40 GW wafer-slicing project
    aliases: [双良40GW拉晶、40GW切片项目, Shuangliang 40 GW project, 40 GW crystal-pulling and 40 GW wafer-slicing project]
    company: shuangliang-group
    industries: [new-energy]
facts:
  - id: magnet-capacity-150kt
    topic: industry
    kind: metric
    headline: 1
    zh: 包头稀土高新区稀土永磁材料产能达到15万吨，占全国的1/3。
    en: The Baotou Rare Earth Hi-Tech Zone's capacity for rare-earth permanent magnet materials has reached 150,000 tonnes, one third of China's.
    quantities:
      - {measure: capacity, raw: 15万吨, value: 150000, unit: t, subject: zone}
      - {measure: share-of-national-capacity, raw: 1/3, value: 0.3333333333333333, unit: ratio, subject: zone}
    entities: [zone]
    industries: [rare-earth]
    source: {id: article, quote: 稀土永磁材料产能达到15万吨，占全国的1/3}
    note: "Whose capacity: the quote does not say; read as the Baotou Rare Earth Hi-Tech Zone's."
  - id: gross-industrial-output-2022-expected
    topic: industry
    kind: metric
    headline: 2
    zh: 在重大项目的带动下，2022年包头稀土高新区工业总产值有望首次突破千亿元大关，同比增长50%以上。
    en: Driven by major projects, the Baotou Rare Earth Hi-Tech Zone's gross industrial output value for 2022 is expected to exceed 100 billion yuan for the first time, up more than 50% year on year.
    quantities:
      - {measure: gross-industrial-output-value, raw: 千亿元, value: 100000000000, unit: CNY, qualifiers: [expected, more-than, first], subject: zone}
      - {measure: gross-industrial-output-value, raw: 50%, value: 50, unit: "%", qualifiers: [expected, more-than], basis: year-on-year, subject: zone}
    period: {raw: 2022年, start: "2022", end: "2022"}
    entities: [zone]
    source: {id: article, quote: 在重大项目的有力带动下，2022年包头稀土高新区工业总产值有望首次突破千亿元大关，同比增长50%以上。}
  - id: rare-earth-output-2022-expected
    topic: industry
    kind: metric
    headline: 3
    zh: 2022年包头稀土高新区稀土产业产值预计实现450亿元，较去年翻番。
    en: The Baotou Rare Earth Hi-Tech Zone's rare-earth industry output value for 2022 is expected to reach 45 billion yuan, double the previous year's.
    quantities:
      - {measure: rare-earth-output-value, raw: 450亿元, value: 45000000000, unit: CNY, qualifiers: [expected], subject: zone}
      - {measure: rare-earth-output-value, raw: 翻番, value: 2, unit: times, qualifiers: [expected, about], basis: previous-year, subject: zone}
    period: {raw: 2022年, start: "2022", end: "2022"}
    entities: [zone]
    industries: [rare-earth]
    source: {id: article, quote: 2022年包头稀土高新区…特别是稀土产业产值预计实现450亿元，较去年实现翻番。}
    note: "Whose figure: the Baotou Rare Earth Hi-Tech Zone's (named in the sentence before)."
  - id: major-projects-125
    topic: investment
    kind: metric
    headline: 4
    zh: 2022年以来，包头稀土高新区组织实施投资亿元以上重大项目125个（历史最高），总投资678亿元。
    en: Since the start of 2022 the Baotou Rare Earth Hi-Tech Zone has been carrying out 125 major projects, each with investment of 100 million yuan or more, a record high. The 125 projects have a total planned investment of 67.8 billion yuan.
    quantities:
      - {measure: major-projects, raw: 125个, value: 125, unit: count, qualifiers: [record], noun: major projects, subject: zone}
      - {measure: investment-total, raw: 678亿元, value: 67800000000, unit: CNY, qualifiers: [project-total], subject: zone}
    period: {raw: 2022年以来, start: "2022"}
    entities: [zone]
    labels: [{raw: 亿元以上, en: "investment of 100 million yuan or more each (a threshold, not a figure)"}]
    source: {id: article, quote: 2022年以来，…组织实施投资亿元以上重大项目125个，…总投资678亿元。}
    note: "Whose projects: the Baotou Rare Earth Hi-Tech Zone's (its name is left out of the quote)."
  - id: funds-in-place-2022-jan-aug
    topic: investment
    kind: metric
    headline: 5
    zh: 2022年1-8月，包头稀土高新区引进国内(区外)到位资金51.5亿元，同比增长50.6%。
    en: In January-August 2022 the Baotou Rare Earth Hi-Tech Zone brought in 5.15 billion yuan of domestic funds actually received from outside the region, up 50.6% year on year.
    quantities:
      - {measure: funds-in-place, raw: 51.5亿元, value: 5150000000, unit: CNY, subject: zone}
      - {measure: funds-in-place, basis: year-on-year, raw: 50.6%, value: 50.6, unit: "%", subject: zone}
    period: {raw: 2022年1-8月, start: "2022-01", end: "2022-08"}
    entities: [zone]
    source: {id: article, quote: 2022年1-8月，该高新区引进国内(区外)到位资金51.5亿元，同比增长50.6%。}
  - id: jl-mag-phase2-under-construction
    topic: industry
    kind: project
    zh: 金力永磁二期年产1.2万吨高性能钕铁硼项目现场施工正酣。
    en: Construction is in full swing at JL MAG's phase 2 project, designed for 12,000 tonnes a year of high-performance NdFeB (neodymium-iron-boron) magnets.
    quantities:
      - {measure: capacity, raw: 1.2万吨, value: 12000, unit: t, qualifiers: [design], subject: jl-mag-phase2}
    status: under-construction
    phase: 2
    entities: [jl-mag-phase2, jl-mag]
    industries: [rare-earth]
    source: {id: article, quote: 金力永磁二期年产1.2万吨高性能钕铁硼项目现场施工正酣}
  - id: jl-mag-phase2-capacity-20kt
    topic: industry
    kind: project
    zh: 金力永磁二期年产1.2万吨高性能钕铁硼项目建成后，金力永磁将具备年产2万吨高性能稀土永磁材料的能力。
    en: Once JL MAG's phase 2 project is built, JL MAG will have the capacity to make 20,000 tonnes a year of high-performance rare-earth permanent magnet materials.
    quantities:
      - {measure: capacity-after-completion, raw: 2万吨, value: 20000, unit: t, qualifiers: [expected], subject: jl-mag}
    entities: [jl-mag-phase2, jl-mag]
    industries: [rare-earth]
    source: {id: article, quote: 金力永磁二期年产1.2万吨高性能钕铁硼项目…建成后将具备年产2万吨高性能稀土永磁材料的能力}
  - id: shuangliang-40gw-investment-total
    topic: investment
    kind: project
    zh: 双良40GW拉晶、40GW切片项目计划总投资132亿元，建设年限为2022-2024年。
    en: Shuangliang plans a total investment of 13.2 billion yuan in its 40 GW crystal-pulling and 40 GW wafer-slicing project, to be built in 2022-2024.
    quantities:
      - {measure: investment-total, raw: 132亿元, value: 13200000000, unit: CNY, qualifiers: [project-total], subject: shuangliang-group}
    period: {raw: 2022-2024年, start: "2022", end: "2024"}
    status: signed
    entities: [shuangliang-40gw, shuangliang-group]
    industries: [new-energy]
    source: {id: article, quote: 双良计划总投资132亿元，…建设年限为2022-2024年}
"""
