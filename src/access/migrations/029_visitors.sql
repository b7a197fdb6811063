-- Outside persons 非本企业人员 (R-SEC-4): visitors sign in with a role that
-- reads nothing by itself; an access request filed for them grants reads of
-- the approved records. Their organisation and the introduction letter or
-- work-ID number they registered with are kept on the user.
INSERT INTO roles (code, name_zh, name_en, scopes, permissions, position) VALUES
 ('visitor', '外部查阅人', 'Visitor', 'customers:none', '', 13);
ALTER TABLE users ADD COLUMN organization TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN credential TEXT NOT NULL DEFAULT '';
