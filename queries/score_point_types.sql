-- one row per point type inspected in the field
SELECT code, name_zh, name_en, sort_order FROM point_types ORDER BY sort_order, code
