"""Deterministic generator of the campaign catalog and demo tasks (issue #4).

Writes data/catalog/departments.csv, data/catalog/stages.csv, data/catalog/milestones.csv and
data/demo/tasks.csv. Stages and milestones follow each campaign's dates in
data/catalog/campaigns.csv (re-run this after changing them):

    .venv/bin/python data/demo/make_tasks.py

Stages follow the four-stage plan of the source documents (Baotou) with Lanzhou's calendar:
start-up = the campaign's first four months (plan, mobilise, decompose indicators, sign
responsibility letters); establishment and implementation until nine months before the
inspection; self-inspection and acceptance (leak detection, gap filling) for five months;
inspection preparation for the last four. Tasks carry the five fixes (定部门、定领导、定任务、
定进度、定责任). The task texts and figures come from the source documents (Lanzhou's
five-cities plan, Wuhan's seven actions 净平明绿美齐优 and public-service report); the
statuses, due dates, closing dates and evidence notes are illustrative demo data.
Leaders are roles, never personal names.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import zlib
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent
CATALOG, DEMO = DATA / "catalog", DATA / "demo"
AS_OF = dt.date(2026, 11, 23)   # the demo's "today": closing dates never lie after it

STAGES = [
    ("startup", "启动阶段", "Start-up"),
    ("implementation", "创建实施阶段", "Establishment and implementation"),
    ("self_inspection", "自查验收阶段", "Self-inspection and acceptance"),
    ("inspection_prep", "迎检阶段", "Inspection preparation"),
]
MILESTONES = [
    ("mobilisation", "创建动员大会", "Mobilisation meeting"),
    ("self_assessment", "自查自评报告", "Self-assessment report"),
    ("provincial_check", "省级测评（预验收）", "Provincial check (pre-acceptance)"),
    ("national_inspection", "国家考核验收", "National inspection"),
]

# (code suffix, name_zh, name_en, kind); names of bureaus match indicators.lead_dept_zh/en.
BUREAUS = [
    ("civilization", "市文明办", "City Civilization Office", "office"),
    ("patriotic_health", "市爱卫办", "City Patriotic Health Campaign Office", "office"),
    ("landscaping", "市园林局", "City Landscaping Bureau", "bureau"),
    ("law_enforcement", "市城管执法局", "City Administrative Law Enforcement Bureau", "bureau"),
    ("city_mgmt", "市城管委", "City Management Commission", "bureau"),
    ("housing", "市住建局", "City Housing and Urban-Rural Development Bureau", "bureau"),
    ("natural_resources", "市自然资源局", "City Natural Resources and Planning Bureau", "bureau"),
    ("ecology", "市生态环境局", "City Ecology and Environment Bureau", "bureau"),
    ("water", "市水务局", "City Water Affairs Bureau", "bureau"),
    ("ndrc", "市发改委", "City Development and Reform Commission", "bureau"),
    ("industry", "市工信局", "City Industry and Information Technology Bureau", "bureau"),
    ("health", "市卫健委", "City Health Commission", "bureau"),
    ("education", "市教育局", "City Education Bureau", "bureau"),
    ("culture", "市文旅局", "City Culture and Tourism Bureau", "bureau"),
    ("commerce", "市商务局", "City Commerce Bureau", "bureau"),
    ("market", "市市场监管局", "City Market Regulation Bureau", "bureau"),
    ("transport", "市交通运输局", "City Transport Bureau", "bureau"),
    ("public_security", "市公安局", "City Public Security Bureau", "bureau"),
    ("civil_affairs", "市民政局", "City Civil Affairs Bureau", "bureau"),
    ("sports", "市体育局", "City Sports Bureau", "bureau"),
    ("finance", "市财政局", "City Finance Bureau", "bureau"),
]
WUHAN_ONLY = [
    ("construction", "市城建局", "City Urban and Rural Construction Bureau", "bureau"),
    ("gov_services", "市政务服务局", "City Government Services Bureau", "bureau"),
]
LANZHOU_ONLY = [   # the double-support campaign's lead department and the conscription office
    ("veterans", "市退役军人事务局", "City Veterans Affairs Bureau", "bureau"),
    ("conscription", "市征兵办公室", "City Conscription Office", "office"),
]
DISTRICTS = {
    "620100": [("chengguan", "城关区政府", "Chengguan District Government"),
               ("qilihe", "七里河区政府", "Qilihe District Government"),
               ("xigu", "西固区政府", "Xigu District Government"),
               ("anning", "安宁区政府", "Anning District Government"),
               ("honggu", "红古区政府", "Honggu District Government"),
               ("gaolan", "皋兰县政府", "Gaolan County Government"),
               ("yuzhong", "榆中县政府", "Yuzhong County Government")],
    "420100": [("jiangan", "江岸区政府", "Jiang'an District Government"),
               ("jianghan", "江汉区政府", "Jianghan District Government"),
               ("qiaokou", "硚口区政府", "Qiaokou District Government"),
               ("wuchang", "武昌区政府", "Wuchang District Government"),
               ("hongshan", "洪山区政府", "Hongshan District Government")],
}
PREFIX = {"620100": "lz", "420100": "wh"}
TITLE_ABBR = {"civilized": "CIV", "sanitary": "SAN", "env_model": "ENV", "garden": "GDN", "historic": "HIS",
              "double_support": "DSP"}

# Leaders (定领导) are roles.
SEC = ("市委副书记", "Deputy Party Secretary")
PROP = ("市委常委、宣传部部长", "Standing Committee member, head of Publicity")
EXEC = ("常务副市长", "Executive vice-mayor")
URBAN = ("分管城建副市长", "Vice-mayor for urban construction")
ECO = ("分管生态环境副市长", "Vice-mayor for ecology and environment")
SOC = ("分管文教卫副市长", "Vice-mayor for culture, education and health")
COM = ("分管商贸副市长", "Vice-mayor for commerce and markets")
DIST = ("区（县）长", "District (county) head")
VET = ("分管退役军人事务副市长", "Vice-mayor for veterans affairs")

SRC_LZ = "source documents: Lanzhou five-cities plan; status and dates illustrative"
SRC_WH = "source documents: Wuhan sanitary-city re-review, seven actions; status and dates illustrative"
SRC_WH_PS = "source documents: Wuhan public-service report 2022; status and dates illustrative"
SRC_PLAN = "four-stage plan (source documents); status and dates illustrative"
ILLUS = "illustrative"

# (city, title, dept suffix, leader, task_zh, task_en, due, status, indicators, evidence (zh, en) or None, source)
T = [
    # --- Lanzhou · National Garden City (75 indicators, 7 not met) ---
    ("620100", "garden", "landscaping", URBAN, "编制国家园林城市创建实施方案，75项指标分解到责任单位",
     "Issue the Garden City implementation plan; assign the 75 indicators to departments",
     "2024-10-31", "done", "", ("实施方案经市政府常务会议审定印发", "Plan approved by the city government's executive meeting and issued"), SRC_PLAN),
    ("620100", "garden", "landscaping", URBAN, "新增绿地300公顷（第一批）", "Add 300 ha of green space (batch 1)",
     "2025-06-30", "done", "green_space_ratio_pct;built_up_green_coverage_pct",
     ("新增绿地图斑及竣工验收记录已归档", "New green-space polygons and completion records filed"), SRC_LZ),
    ("620100", "garden", "landscaping", URBAN, "新增绿地350公顷（第二批）", "Add 350 ha of green space (batch 2)",
     "2026-06-30", "done", "green_space_ratio_pct;built_up_green_coverage_pct",
     ("第二批绿地竣工验收，遥感核查通过", "Batch 2 accepted; remote-sensing check passed"), SRC_LZ),
    ("620100", "garden", "landscaping", URBAN, "新增绿地350公顷（第三批），累计补齐1000公顷缺口",
     "Add 350 ha of green space (batch 3), closing the 1,000 ha gap",
     "2026-09-30", "in_progress", "green_space_ratio_pct;built_up_green_coverage_pct", None, SRC_LZ),
    ("620100", "garden", "landscaping", URBAN, "建成区绿化覆盖率提高到36%以上（差4.56个百分点）",
     "Raise built-up green coverage to 36%+ (4.56 points short)",
     "2027-02-28", "in_progress", "built_up_green_coverage_pct", None, SRC_LZ),
    ("620100", "garden", "landscaping", URBAN, "建成区绿地率提高到31%以上（差2.37个百分点）",
     "Raise the built-up green-space ratio to 31%+ (2.37 points short)",
     "2027-02-28", "in_progress", "green_space_ratio_pct", None, SRC_LZ),
    ("620100", "garden", "law_enforcement", URBAN, "公共停车场林荫化改造第一批60个", "Shade public parking lots: batch 1 of 60",
     "2025-09-30", "done", "shaded_parking_share_pct", ("60个停车场绿化验收清单", "Acceptance list of the 60 lots"), SRC_LZ),
    ("620100", "garden", "law_enforcement", URBAN, "公共停车场林荫化改造第二批60个", "Shade public parking lots: batch 2 of 60",
     "2026-06-30", "done", "shaded_parking_share_pct", ("第二批60个停车场验收清单", "Acceptance list of batch 2"), SRC_LZ),
    ("620100", "garden", "law_enforcement", URBAN, "公共停车场林荫化改造第三批60个，180个全部完成",
     "Shade public parking lots: batch 3 of 60, all 180 done",
     "2026-10-31", "in_progress", "shaded_parking_share_pct", None, SRC_LZ),
    ("620100", "garden", "chengguan", DIST, "建成5000平方米以上主题公园5个", "Build 5 theme parks of 5,000 m² or more",
     "2026-08-31", "done", "park_service_radius_coverage_pct;park_green_per_capita_m2",
     ("5个公园竣工并向市民开放", "All 5 parks completed and open to the public"), SRC_LZ),
    ("620100", "garden", "qilihe", DIST, "建成5000平方米以上主题公园2个", "Build 2 theme parks of 5,000 m² or more",
     "2026-08-31", "done", "park_service_radius_coverage_pct;park_green_per_capita_m2",
     ("2个公园竣工验收", "Both parks accepted"), SRC_LZ),
    ("620100", "garden", "xigu", DIST, "建成5000平方米以上主题公园2个", "Build 2 theme parks of 5,000 m² or more",
     "2026-10-31", "in_progress", "park_service_radius_coverage_pct;park_green_per_capita_m2", None, SRC_LZ),
    ("620100", "garden", "anning", DIST, "建成5000平方米以上主题公园2个", "Build 2 theme parks of 5,000 m² or more",
     "2026-12-31", "in_progress", "park_service_radius_coverage_pct;park_green_per_capita_m2", None, SRC_LZ),
    ("620100", "garden", "landscaping", URBAN, "公园绿地500米服务半径覆盖率达到70%以上",
     "Bring 500 m park service-radius coverage to 70%+",
     "2027-01-31", "in_progress", "park_service_radius_coverage_pct", None, SRC_LZ),
    ("620100", "garden", "housing", URBAN, "住宅供热计量收费比例提高到35%以上", "Raise residential heat-metering billing to 35%+",
     "2026-12-31", "in_progress", "heat_metering_share_pct", None, SRC_LZ),
    ("620100", "garden", "landscaping", URBAN, "主次干道补植行道树，提高林荫路推广率", "Plant street trees on main roads (tree-lined road rate)",
     "2026-11-30", "in_progress", "tree_lined_road_pct", None, SRC_LZ),
    ("620100", "garden", "city_mgmt", URBAN, "生活垃圾无害化处理率达标", "Bring domestic waste harmless treatment up to standard",
     "2026-06-30", "done", "domestic_waste_harmless_pct", ("处理设施运行台账及监测报告", "Plant operating logs and monitoring report"), SRC_LZ),
    ("620100", "garden", "landscaping", URBAN, "对照75项指标逐项自查，形成自查报告", "Check all 75 indicators item by item; write the self-inspection report",
     "2027-02-28", "not_started", "", None, SRC_PLAN),
    ("620100", "garden", "landscaping", URBAN, "开展园林绿化公众满意率调查并整改", "Survey public satisfaction with greening and follow up",
     "2027-04-30", "not_started", "greening_satisfaction_pct", None, SRC_LZ),
    ("620100", "garden", "landscaping", URBAN, "制定迎检接待方案，准备汇报材料和现场点位", "Reception plan, briefing materials and site visits for the inspection",
     "2027-05-31", "not_started", "", None, SRC_PLAN),

    # --- Lanzhou · Environmental Protection Model City (26 indicators, 9 not met) ---
    ("620100", "env_model", "ecology", ECO, "编制环保模范城市创建规划，26项指标分解到责任单位",
     "Issue the Env. Model City plan; assign the 26 indicators to departments",
     "2024-10-31", "done", "", ("创建规划印发文件", "Plan issued"), SRC_PLAN),
    ("620100", "env_model", "ecology", ECO, "燃煤锅炉清零：淘汰1200蒸吨（第一阶段）", "Coal boilers to zero: retire 1,200 steam-tonnes (phase 1)",
     "2025-03-31", "done", "clean_energy_use_pct;good_air_share_pct", ("拆除锅炉清单及现场核查记录", "List of boilers removed, site checks"), SRC_LZ),
    ("620100", "env_model", "ecology", ECO, "燃煤锅炉清零：淘汰1500蒸吨（第二阶段）", "Coal boilers to zero: retire 1,500 steam-tonnes (phase 2)",
     "2025-10-31", "done", "clean_energy_use_pct;good_air_share_pct", ("第二阶段拆改清单及验收记录", "Phase 2 list and acceptance"), SRC_LZ),
    ("620100", "env_model", "ecology", ECO, "燃煤锅炉清零：淘汰剩余1223蒸吨，3923蒸吨全部清零",
     "Coal boilers to zero: retire the last 1,223 of 3,923 steam-tonnes",
     "2026-10-15", "in_progress", "clean_energy_use_pct;good_air_share_pct;pm25_ugm3", None, SRC_LZ),
    ("620100", "env_model", "ndrc", ECO, "城市清洁能源使用率提高到50%以上", "Raise clean-energy use to 50%+",
     "2027-03-31", "in_progress", "clean_energy_use_pct", None, SRC_LZ),
    ("620100", "env_model", "water", ECO, "新建榆中夏官营污水处理厂并投运", "Build the Yuzhong Xiaguanying sewage plant and start operation",
     "2025-12-31", "done", "domestic_sewage_treatment_pct", ("通水试运行报告及环保验收", "Trial-run report and environmental acceptance"), SRC_LZ),
    ("620100", "env_model", "water", ECO, "新建红古窑街污水处理厂并投运", "Build the Honggu Yaojie sewage plant and start operation",
     "2026-06-30", "done", "domestic_sewage_treatment_pct", ("竣工验收报告", "Completion acceptance report"), SRC_LZ),
    ("620100", "env_model", "water", ECO, "新建红古海石湾污水处理厂并投运", "Build the Honggu Haishiwan sewage plant and start operation",
     "2026-09-30", "in_progress", "domestic_sewage_treatment_pct", None, SRC_LZ),
    ("620100", "env_model", "water", ECO, "新建皋兰县污水处理厂并投运", "Build the Gaolan sewage plant and start operation",
     "2027-03-31", "in_progress", "domestic_sewage_treatment_pct", None, SRC_LZ),
    ("620100", "env_model", "water", ECO, "城市生活污水集中处理率达到85%以上", "Urban sewage centralised treatment 85%+",
     "2027-03-31", "in_progress", "domestic_sewage_treatment_pct", None, SRC_LZ),
    ("620100", "env_model", "industry", ECO, "100户工业企业出城入园搬迁", "Relocate 100 industrial enterprises out of the city",
     "2026-12-31", "in_progress", "good_air_share_pct;pm25_ugm3", None, SRC_LZ),
    ("620100", "env_model", "industry", ECO, "关停落后产能11项", "Close 11 backward-capacity plants",
     "2025-12-31", "done", "good_air_share_pct", ("关停文件及断电断水记录", "Closure orders and utility cut-off records"), SRC_LZ),
    ("620100", "env_model", "ecology", ECO, "实施工业污染深度治理项目53项", "Complete 53 deep pollution-treatment projects",
     "2026-06-30", "done", "pm25_ugm3", ("53个项目验收清单", "Acceptance list of the 53 projects"), SRC_LZ),
    ("620100", "env_model", "education", SOC, "中小学环境教育普及率达到85%以上", "School environmental education coverage 85%+",
     "2026-12-31", "in_progress", "school_env_education_pct", None, SRC_LZ),
    ("620100", "env_model", "city_mgmt", URBAN, "生活垃圾无害化处理率达到85%以上", "Domestic waste harmless treatment 85%+",
     "2026-12-31", "in_progress", "domestic_waste_harmless_pct", None, SRC_LZ),
    ("620100", "env_model", "ecology", ECO, "开展公众对环境保护满意率调查", "Survey public satisfaction with environmental protection",
     "2027-06-30", "not_started", "env_public_satisfaction_pct", None, SRC_LZ),
    ("620100", "env_model", "ecology", ECO, "城市环境综合整治定量考核自查", "Self-check of the urban environment quantitative assessment",
     "2027-08-31", "not_started", "urban_env_assessment_score", None, SRC_LZ),
    ("620100", "env_model", "ecology", ECO, "迎检资料汇编，准备现场检查点位", "Compile inspection files and prepare the sites",
     "2027-11-30", "not_started", "", None, SRC_PLAN),

    # --- Lanzhou · National Historical and Cultural City (5th condition not met) ---
    ("620100", "historic", "natural_resources", URBAN, "修编历史文化名城保护规划并报批", "Revise the conservation plan and submit it for approval",
     "2025-06-30", "done", "conservation_plan_yn", ("省政府批复文件", "Provincial approval"), SRC_LZ),
    ("620100", "historic", "qilihe", DIST, "金天观历史文化街区保护修复", "Restore the Jintianguan historic district",
     "2027-06-30", "in_progress", "historic_districts_count", None, SRC_LZ),
    ("620100", "historic", "xigu", DIST, "河口村历史文化街区保护修复", "Restore the Hekou village historic district",
     "2027-10-31", "in_progress", "historic_districts_count", None, SRC_LZ),
    ("620100", "historic", "culture", SOC, "重点文物建筑修缮第一批3处", "Repair key heritage buildings: first 3",
     "2026-06-30", "done", "key_heritage_buildings_repaired", ("修缮工程竣工验收报告", "Completion reports of the repairs"), SRC_LZ),
    ("620100", "historic", "culture", SOC, "重点文物建筑修缮第二批4处，7处全部完成", "Repair key heritage buildings: last 4 of 7",
     "2027-06-30", "in_progress", "key_heritage_buildings_repaired", None, SRC_LZ),
    ("620100", "historic", "natural_resources", URBAN, "历史建筑普查、建档、挂牌", "Survey, record and mark historic buildings",
     "2026-09-30", "in_progress", "historic_buildings_concentrated_yn", None, SRC_LZ),
    ("620100", "historic", "culture", SOC, "编制名城申报材料", "Prepare the application dossier",
     "2028-03-31", "not_started", "", None, SRC_PLAN),
    ("620100", "historic", "culture", SOC, "名城申报迎检准备", "Prepare for the application inspection",
     "2028-09-30", "not_started", "", None, SRC_PLAN),

    # --- Lanzhou · National Civilized City (the leader) ---
    ("620100", "civilized", "civilization", SEC, "召开创建全国文明城市动员大会", "Hold the civilized-city mobilisation meeting",
     "2024-08-31", "done", "", ("动员大会会议纪要", "Minutes of the meeting"), SRC_LZ),
    ("620100", "civilized", "civilization", SEC, "印发创建总体方案和各工作组方案", "Issue the overall plan and the working groups' plans",
     "2024-09-30", "done", "", ("总体方案及8个工作组方案", "Overall plan and 8 working-group plans"), SRC_LZ),
    ("620100", "civilized", "civilization", SEC, "分解测评指标，与责任单位签订目标责任书", "Decompose the indicators; sign responsibility letters with departments",
     "2024-10-31", "done", "", ("责任书签订清单", "Signed responsibility letters"), SRC_LZ),
    ("620100", "civilized", "civilization", PROP, "注册志愿者占常住人口比例达标", "Registered volunteers share up to standard",
     "2026-12-31", "in_progress", "registered_volunteers_pct", None, SRC_LZ),
    ("620100", "civilized", "education", SOC, "未成年人思想道德建设阵地达标", "Minors' moral-education facilities up to standard",
     "2026-09-30", "done", "minors_moral_education_score", ("测评自查得分表", "Self-assessment score sheet"), SRC_LZ),
    ("620100", "civilized", "health", SOC, "窗口行业文明服务：医院", "Civil service in window industries: hospitals",
     "2026-06-30", "done", "citizen_satisfaction_pct", ("暗访问题整改台账", "Log of issues found in unannounced visits, fixed"), SRC_LZ),
    ("620100", "civilized", "commerce", COM, "窗口行业文明服务：商场超市", "Civil service in window industries: retail",
     "2026-06-30", "done", "citizen_satisfaction_pct", ("暗访问题整改台账", "Log of issues found in unannounced visits, fixed"), SRC_LZ),
    ("620100", "civilized", "transport", URBAN, "窗口行业文明服务：公交车、出租车", "Civil service in window industries: buses and taxis",
     "2026-08-31", "in_progress", "citizen_satisfaction_pct", None, SRC_LZ),
    ("620100", "civilized", "public_security", EXEC, "火车站周边环境秩序整治", "Order around the railway stations",
     "2026-10-31", "in_progress", "citizen_satisfaction_pct", None, SRC_LZ),
    ("620100", "civilized", "city_mgmt", URBAN, "主次干道公厕新建改造，每万人公厕数达标", "Build and rebuild toilets on main roads (toilets per 10,000 up to standard)",
     "2026-12-31", "in_progress", "public_toilets_per_10k", None, SRC_LZ),
    ("620100", "civilized", "health", SOC, "急救车辆配置达到每5万人1.2辆", "Ambulances: 1.2 per 50,000 people",
     "2026-03-31", "done", "ambulances_per_50k", ("车辆采购及配置清单", "Purchase and deployment list"), SRC_LZ),
    ("620100", "civilized", "health", SOC, "社区卫生服务中心按每3-5万居民设置", "One community health centre per 30,000-50,000 residents",
     "2026-12-31", "in_progress", "residents_per_health_centre", None, SRC_LZ),
    ("620100", "civilized", "civilization", PROP, "见义勇为宣传，市民支持率调查", "Good-Samaritan publicity and support survey",
     "2026-11-30", "in_progress", "good_samaritan_support_pct", None, SRC_LZ),
    ("620100", "civilized", "civilization", PROP, "模拟测评：实地考察、材料审核、问卷调查、网上调查", "Mock assessment: site visits, files, questionnaire, online survey",
     "2027-03-31", "not_started", "citizen_satisfaction_pct", None, SRC_LZ),
    ("620100", "civilized", "civilization", PROP, "网上申报材料审核、查漏补缺", "Review the online dossier; fill the gaps",
     "2027-04-30", "not_started", "", None, SRC_LZ),
    ("620100", "civilized", "civilization", SEC, "迎接第三方省级测评", "Receive the third-party provincial check",
     "2027-08-15", "not_started", "", None, SRC_LZ),

    # --- Lanzhou · National Sanitary City (re-review; nine projects) ---
    ("620100", "sanitary", "patriotic_health", SOC, "成立创卫指挥部，印发复审工作方案", "Set up the campaign headquarters; issue the re-review plan",
     "2024-10-31", "done", "", ("指挥部成立文件及工作方案", "Founding notice and plan"), SRC_LZ),
    ("620100", "sanitary", "patriotic_health", SOC, "病媒生物防制：鼠蚊蝇蟑密度控制在C级以上", "Vector control: rodents, mosquitoes, flies, cockroaches at grade C or better",
     "2026-10-31", "in_progress", "vector_density_grade", None, SRC_LZ),
    ("620100", "sanitary", "market", COM, "“五小行业”卫生监督量化分级全覆盖", "Hygiene grading of all \"five small industries\"",
     "2026-12-31", "in_progress", "fly_rodent_proofing_pct", None, SRC_LZ),
    ("620100", "sanitary", "commerce", COM, "农贸市场标准化改造", "Standardise wet markets",
     "2026-06-30", "done", "standard_wet_markets_pct", ("改造市场验收清单", "Acceptance list of the markets"), SRC_LZ),
    ("620100", "sanitary", "city_mgmt", URBAN, "道路机械化清扫率达标", "Mechanised street cleaning up to standard",
     "2025-12-31", "done", "mechanised_cleaning_pct", ("作业台账及车辆清单", "Work logs and vehicle list"), SRC_LZ),
    ("620100", "sanitary", "health", SOC, "健康教育进社区、进学校、进单位", "Health education in communities, schools and workplaces",
     "2027-06-30", "in_progress", "", None, SRC_LZ),
    ("620100", "sanitary", "health", SOC, "免疫规划疫苗接种率保持90%以上", "Keep immunisation coverage at 90%+",
     "2027-06-30", "in_progress", "immunisation_coverage_pct", None, SRC_LZ),
    ("620100", "sanitary", "market", COM, "餐饮单位防蝇防鼠设施全覆盖检查", "Check fly- and rodent-proofing in all restaurants",
     "2027-03-31", "not_started", "fly_rodent_proofing_pct", None, SRC_LZ),
    ("620100", "sanitary", "patriotic_health", SOC, "复审自查评估，形成自评报告", "Re-review self-assessment report",
     "2028-01-31", "not_started", "sanitary_satisfaction_pct", None, SRC_PLAN),
    ("620100", "sanitary", "patriotic_health", SOC, "国家暗访迎检准备", "Prepare for the national unannounced visit",
     "2028-05-31", "not_started", "", None, SRC_PLAN),

    # --- Wuhan · National Sanitary City re-review: seven actions 净平明绿美齐优 ---
    ("420100", "sanitary", "patriotic_health", EXEC, "印发“净平明绿美齐优”七大行动方案，清单式管理",
     "Issue the seven actions plan (clean, level, bright, green, beautiful, orderly, excellent); checklist management",
     "2024-05-31", "done", "", ("七大行动方案及问题清单", "Seven-actions plan and issue checklist"), SRC_WH),
    ("420100", "sanitary", "city_mgmt", URBAN, "净：主次干道机械化清扫全覆盖", "Clean: mechanised cleaning of all main roads",
     "2025-06-30", "done", "mechanised_cleaning_pct", ("作业覆盖图及台账", "Coverage map and logs"), SRC_WH),
    ("420100", "sanitary", "city_mgmt", URBAN, "净：改建环卫公厕100座", "Clean: rebuild 100 sanitation public toilets",
     "2026-06-30", "done", "public_toilets_per_10k", ("100座公厕验收清单", "Acceptance list of the 100 toilets"), SRC_WH_PS),
    ("420100", "sanitary", "jiangan", DIST, "净：背街小巷环境卫生整治", "Clean: back streets and alleys",
     "2026-10-31", "in_progress", "", None, SRC_WH),
    ("420100", "sanitary", "city_mgmt", URBAN, "净：生活垃圾无害化处理率保持100%", "Clean: keep domestic waste harmless treatment at 100%",
     "2026-12-31", "in_progress", "domestic_waste_harmless_pct", None, SRC_WH),
    ("420100", "sanitary", "construction", URBAN, "平：主次干道破损路面修复、井盖整治", "Level: repair broken road surfaces and manhole covers",
     "2026-09-30", "done", "", ("修复点位清单及复查照片", "List of repaired spots, follow-up photos"), SRC_WH),
    ("420100", "sanitary", "qiaokou", DIST, "平：背街小巷道路平整", "Level: resurface back streets",
     "2026-12-31", "in_progress", "", None, SRC_WH),
    ("420100", "sanitary", "city_mgmt", URBAN, "明：补齐照明盲区，主次干道亮灯率98%以上", "Bright: close lighting gaps; 98%+ of street lights working",
     "2026-08-31", "done", "", ("夜间巡查记录", "Night patrol records"), SRC_WH),
    ("420100", "sanitary", "wuchang", DIST, "明：老旧小区照明改造", "Bright: lighting in old residential compounds",
     "2026-11-15", "in_progress", "", None, SRC_WH),
    ("420100", "sanitary", "landscaping", URBAN, "绿：增绿补绿，裸土覆绿", "Green: plant bare ground, fill green gaps",
     "2026-06-30", "done", "built_up_green_coverage_pct", ("补绿点位清单", "List of planted sites"), SRC_WH),
    ("420100", "sanitary", "hongshan", DIST, "绿：建设口袋公园", "Green: build pocket parks",
     "2026-12-31", "in_progress", "park_green_per_capita_m2", None, SRC_WH),
    ("420100", "sanitary", "law_enforcement", URBAN, "美：建筑立面与户外广告招牌整治", "Beautiful: facades, outdoor ads and shop signs",
     "2026-09-30", "done", "", ("整治前后对比照片", "Before/after photos"), SRC_WH),
    ("420100", "sanitary", "jianghan", DIST, "美：商圈街面形象提升", "Beautiful: street image of the shopping districts",
     "2026-10-31", "done", "", ("验收照片及群众评议", "Acceptance photos and residents' review"), SRC_WH),
    ("420100", "sanitary", "law_enforcement", URBAN, "齐：占道经营、车辆乱停放整治", "Orderly: street vending and parking on pavements",
     "2026-12-31", "in_progress", "", None, SRC_WH),
    ("420100", "sanitary", "public_security", EXEC, "齐：交通秩序整治，非机动车规范停放", "Orderly: traffic order, bicycle parking",
     "2026-10-31", "in_progress", "", None, SRC_WH),
    ("420100", "sanitary", "commerce", COM, "优：标准化菜市场改造", "Excellent: standardise wet markets",
     "2026-06-30", "done", "standard_wet_markets_pct", ("改造市场验收清单", "Acceptance list of the markets"), SRC_WH),
    ("420100", "sanitary", "gov_services", EXEC, "优：四级政务服务事项100%统一平台办理", "Excellent: all four-level government services on the unified platform",
     "2025-12-31", "done", "", ("平台事项目录", "Platform service catalogue"), SRC_WH_PS),
    ("420100", "sanitary", "patriotic_health", SOC, "病媒生物密度控制在C级以上", "Vector density at grade C or better",
     "2026-09-30", "done", "vector_density_grade", ("第三方监测报告", "Third-party monitoring report"), SRC_WH),
    ("420100", "sanitary", "market", COM, "“五小行业”规范化整治", "Bring the \"five small industries\" up to standard",
     "2026-11-30", "in_progress", "fly_rodent_proofing_pct", None, SRC_WH),
    ("420100", "sanitary", "water", ECO, "生活污水集中处理率达标", "Sewage centralised treatment up to standard",
     "2026-06-30", "done", "domestic_sewage_treatment_pct", ("水厂运行月报", "Plants' monthly reports"), SRC_WH),
    ("420100", "sanitary", "patriotic_health", SOC, "问题清单逐项销号，形成自查报告", "Close the issue checklist item by item; self-inspection report",
     "2027-01-31", "in_progress", "", None, SRC_WH),
    ("420100", "sanitary", "patriotic_health", SOC, "周通报、月排名、季考核：各区七大行动排名", "Weekly notification, monthly ranking, quarterly assessment of the districts",
     "2027-02-28", "in_progress", "", None, SRC_WH),
    ("420100", "sanitary", "patriotic_health", EXEC, "国家暗访迎检准备", "Prepare for the national unannounced visit",
     "2027-05-31", "not_started", "", None, SRC_PLAN),

    # --- Wuhan · National Civilized City ---
    ("420100", "civilized", "civilization", SEC, "印发创建总体方案，签订目标责任书", "Issue the overall plan; sign responsibility letters",
     "2024-06-30", "done", "", ("总体方案及责任书", "Plan and signed letters"), SRC_PLAN),
    ("420100", "civilized", "civilization", PROP, "注册志愿者比例提升", "Raise the share of registered volunteers",
     "2026-12-31", "in_progress", "registered_volunteers_pct", None, ILLUS),
    ("420100", "civilized", "education", SOC, "改造中小学、幼儿园65所，新增学位4万个", "Renovate 65 schools and kindergartens, 40,000 new places",
     "2025-09-30", "done", "", ("竣工验收清单", "Completion list"), SRC_WH_PS),
    ("420100", "civilized", "health", SOC, "急救车辆达到每5万人1.2辆", "Ambulances: 1.2 per 50,000 people",
     "2026-06-30", "done", "ambulances_per_50k", ("车辆配置清单", "Deployment list"), SRC_WH),
    ("420100", "civilized", "health", SOC, "社区卫生服务中心：每3-5万居民一所", "One community health centre per 30,000-50,000 residents",
     "2026-12-31", "in_progress", "residents_per_health_centre", None, SRC_WH),
    ("420100", "civilized", "civilization", PROP, "窗口行业文明服务：医院、商场、公交、出租车、火车站",
     "Window industries: hospitals, retail, buses, taxis, railway stations",
     "2026-10-31", "in_progress", "citizen_satisfaction_pct", None, SRC_WH),
    ("420100", "civilized", "education", SOC, "未成年人思想道德建设自测", "Self-test of minors' moral education",
     "2027-04-30", "not_started", "minors_moral_education_score", None, ILLUS),
    ("420100", "civilized", "civilization", PROP, "市民满意率问卷调查（暗访）", "Citizen satisfaction survey (unannounced)",
     "2027-05-31", "not_started", "citizen_satisfaction_pct", None, SRC_WH),
    ("420100", "civilized", "civilization", SEC, "迎接中央文明办实地考察", "Receive the central office's field inspection",
     "2027-10-31", "not_started", "", None, SRC_PLAN),

    # --- Wuhan · Environmental Protection Model City ---
    ("420100", "env_model", "ecology", ECO, "编制环保模范城市创建规划", "Issue the Env. Model City plan",
     "2024-06-30", "done", "", ("规划印发文件", "Plan issued"), SRC_PLAN),
    ("420100", "env_model", "transport", URBAN, "新增新能源公交车1800辆", "Put 1,800 new-energy buses into service",
     "2025-12-31", "done", "clean_energy_use_pct", ("车辆上牌清单", "Registration list"), SRC_WH_PS),
    ("420100", "env_model", "transport", URBAN, "公交车全部更新为新能源", "All buses new-energy",
     "2027-06-30", "in_progress", "clean_energy_use_pct", None, SRC_WH_PS),
    ("420100", "env_model", "water", ECO, "69个行政村生活污水综合治理", "Sewage improvement in 69 administrative villages",
     "2026-12-31", "in_progress", "domestic_sewage_treatment_pct", None, SRC_WH_PS),
    ("420100", "env_model", "ecology", ECO, "细颗粒物浓度持续下降，优良天数比例提升", "Lower PM2.5, more good-air days",
     "2027-12-31", "in_progress", "pm25_ugm3;good_air_share_pct", None, ILLUS),
    ("420100", "env_model", "water", ECO, "饮用水水源地规范化建设", "Standardise drinking-water sources",
     "2026-06-30", "done", "drinking_water_source_compliance_pct", ("水源地达标评估报告", "Compliance assessment"), ILLUS),
    ("420100", "env_model", "public_security", EXEC, "交通干线噪声控制", "Traffic noise control on arterial roads",
     "2027-06-30", "not_started", "traffic_noise_db", None, ILLUS),
    ("420100", "env_model", "ecology", ECO, "对照指标逐项自查", "Self-check against every indicator",
     "2028-04-30", "not_started", "", None, SRC_PLAN),

    # --- Wuhan · National Garden City ---
    ("420100", "garden", "landscaping", URBAN, "编制园林城市创建（复查）方案", "Issue the Garden City (review) plan",
     "2024-06-30", "done", "", ("方案印发文件", "Plan issued"), SRC_PLAN),
    ("420100", "garden", "landscaping", URBAN, "新建口袋公园，提高公园服务半径覆盖率", "Pocket parks to raise park service-radius coverage",
     "2026-12-31", "in_progress", "park_service_radius_coverage_pct", None, ILLUS),
    ("420100", "garden", "law_enforcement", URBAN, "林荫停车场建设", "Shaded parking lots",
     "2026-09-30", "in_progress", "shaded_parking_share_pct", None, ILLUS),
    ("420100", "garden", "landscaping", URBAN, "本地木本植物普查", "Survey of native woody plants",
     "2026-03-31", "done", "native_woody_plant_index", ("普查名录", "Species list"), ILLUS),
    ("420100", "garden", "housing", URBAN, "新建改建居住区绿地达标", "Green space in new and rebuilt housing up to standard",
     "2027-06-30", "not_started", "residential_green_compliance_pct", None, ILLUS),

    # --- Lanzhou · National Double-Support Model City (demo campaign: tasks, statuses and dates illustrative) ---
    ("620100", "double_support", "veterans", VET, "印发创建全国双拥模范城实施方案，考评项目分解到领导小组成员单位",
     "Issue the Double-Support Model City plan; assign the assessment items to the leading group's member units",
     "2024-10-31", "done", "ds_leading_group_meetings", ("实施方案及任务分工文件", "Plan and assignment of tasks issued"), ILLUS),
    ("620100", "double_support", "veterans", VET, "市双拥办实行军地合署办公", "Make the city double-support office a joint military-civilian office",
     "2026-06-30", "in_progress", "ds_joint_office_yn", None, ILLUS),
    ("620100", "double_support", "veterans", VET, "乡镇（街道）、村（社区）退役军人服务站全覆盖",
     "Veterans service stations in every township, sub-district, village and community",
     "2027-06-30", "in_progress", "ds_service_station_coverage_pct", None, ILLUS),
    ("620100", "double_support", "conscription", VET, "完成年度征兵任务", "Deliver the year's conscription quota",
     "2026-12-31", "in_progress", "ds_conscription_completion_pct", None, ILLUS),
    ("620100", "double_support", "veterans", VET, "随军家属就业安置专项行动", "Job placement drive for military spouses",
     "2027-12-31", "not_started", "ds_military_spouse_employment_pct", None, ILLUS),
    ("620100", "double_support", "veterans", VET, "全国双拥模范城考评迎检准备", "Prepare for the national double-support assessment",
     "2028-09-30", "not_started", "", None, SRC_PLAN),
]


def _d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def add_months(d: dt.date, months: int) -> dt.date:
    """First day of the month `months` after d's month."""
    m = d.month - 1 + months
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


def month_end(d: dt.date) -> dt.date:
    return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def stage_dates(start: dt.date, deadline: dt.date) -> list[tuple[dt.date, dt.date]]:
    s2 = add_months(start, 4)                       # four months of start-up
    s3 = add_months(deadline, -8)                   # self-inspection from nine months out
    s4 = add_months(deadline, -3)                   # inspection preparation, last four months
    bounds = [start, s2, s3, s4]
    ends = [s2 - dt.timedelta(days=1), s3 - dt.timedelta(days=1), s4 - dt.timedelta(days=1), deadline]
    return list(zip(bounds, ends))


def main() -> None:
    titles = {r["code"]: r for r in read(CATALOG / "titles.csv")}
    campaigns = [r for r in read(CATALOG / "campaigns.csv")
                 if titles.get(r["title_code"], {}).get("kind", "title") == "title"]

    # departments
    deps = []
    for city, p in PREFIX.items():
        order = 0
        for suffix, zh, en, kind in BUREAUS + (WUHAN_ONLY if city == "420100" else []) + (LANZHOU_ONLY if city == "620100" else []):
            order += 1
            deps.append([f"{p}_{suffix}", zh, en, city, kind, order, ""])
        for suffix, zh, en in DISTRICTS[city]:
            order += 1
            deps.append([f"{p}_{suffix}", zh, en, city, "district", order, ""])
    write(CATALOG / "departments.csv", ["code", "name_zh", "name_en", "area_code", "kind", "sort_order", "notes"], deps)
    dep_by_code = {d[0]: d for d in deps}

    # stages and milestones
    stages, milestones, windows = [], [], {}
    for c in campaigns:
        start, deadline = _d(c["campaign_start"]), _d(c["deadline"])
        windows[(c["title_code"], c["area_code"])] = (start, deadline)
        for no, ((code, zh, en), (a, b)) in enumerate(zip(STAGES, stage_dates(start, deadline)), 1):
            stages.append([c["title_code"], c["area_code"], no, code, zh, en, a.isoformat(), b.isoformat(), ""])
        dates = {
            "mobilisation": add_months(start, 1) + dt.timedelta(days=14),
            "self_assessment": add_months(deadline, -3) - dt.timedelta(days=1),
            "provincial_check": add_months(deadline, -1) + dt.timedelta(days=14),
            "national_inspection": deadline,
        }
        for code, zh, en in MILESTONES:
            note = "= campaign deadline" if code == "national_inspection" else ""
            milestones.append([c["title_code"], c["area_code"], code, zh, en, dates[code].isoformat(), note])
    write(CATALOG / "stages.csv", ["title_code", "area_code", "stage_no", "stage_code", "name_zh", "name_en",
                                   "start_date", "end_date", "notes"], stages)
    write(CATALOG / "milestones.csv", ["title_code", "area_code", "milestone_code", "name_zh", "name_en", "date", "notes"],
          milestones)

    # tasks
    indicators = {r["code"] for r in read(CATALOG / "indicators.csv")}
    rows, counters = [], {}
    for city, title, dep, leader, tzh, ten, due, status, inds, evidence, source in T:
        key = (title, city)
        assert key in windows, f"no campaign for {key}"
        start, deadline = windows[key]
        due_d = _d(due)
        assert start <= due_d <= deadline, f"{tzh}: due {due} outside {start}..{deadline}"
        dcode = f"{PREFIX[city]}_{dep}"
        assert dcode in dep_by_code, dcode
        for code in filter(None, inds.split(";")):
            assert code in indicators, f"unknown indicator {code}"
        counters[key] = counters.get(key, 0) + 1
        task_id = f"{PREFIX[city].upper()}-{TITLE_ABBR[title]}-{counters[key]:02d}"
        d = dep_by_code[dcode]
        if d[4] == "district":
            head_zh, head_en = ("县长", "County head") if d[1].endswith("县政府") else ("区长", "District head")
        else:
            head_zh, head_en = ("主任", "Director") if d[1].endswith(("委", "办")) else ("局长", "Director")
        resp_zh = f"{d[1]}{head_zh}为第一责任人，签订目标责任书"
        resp_en = f"{head_en}, {d[2]}: first responsible person (responsibility letter signed)"
        closed, ev_zh, ev_en = "", "", ""
        if status == "done":
            assert evidence, f"{tzh}: done without evidence"
            # deterministic closing date: a few days either side of the due date, never after AS_OF
            shift = zlib.crc32(task_id.encode()) % 25 - 18
            closed_d = min(due_d + dt.timedelta(days=shift), AS_OF)
            closed = closed_d.isoformat()
            ev_zh, ev_en = evidence
        else:
            assert evidence is None
        rows.append([task_id, city, title, dcode, leader[0], leader[1], tzh, ten, resp_zh, resp_en, due,
                     status, inds, closed, ev_zh, ev_en, source])
    write(DEMO / "tasks.csv", ["task_id", "area_code", "title_code", "department_code", "leader_zh", "leader_en",
                               "task_zh", "task_en", "responsible_zh", "responsible_en", "due_date", "status",
                               "indicator_codes", "closed_date", "evidence_zh", "evidence_en", "source"], rows)
    overdue = sum(1 for r in rows if r[11] != "done" and _d(r[10]) < AS_OF)
    print(f"{len(deps)} departments, {len(stages)} stages, {len(milestones)} milestones, "
          f"{len(rows)} tasks ({overdue} overdue as of {AS_OF})")


if __name__ == "__main__":
    main()
