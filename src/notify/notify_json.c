#include "notify/notify_json.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* A robot's text: the message and where it opens. */
static json_t *robot_text(const struct notify_message *m, const char *url)
{
    json_t *t = json_string(m->body);
    if (t && url && *url) {
        char *s = NULL;
        size_t n = strlen(m->body) + strlen(url) + 2;
        s = malloc(n);
        if (s) {
            snprintf(s, n, "%s\n%s", m->body, url);
            json_decref(t);
            t = json_string(s);
            free(s);
        }
    }
    return t;
}

char *notify_json_body(const char *kind, const struct notify_message *m, const char *url,
                       int64_t ts, const char *sign)
{
    json_t *o = NULL;
    if (!strcmp(kind, "wecom") || !strcmp(kind, "dingtalk")) {
        o = json_pack("{s:s, s:{s:o}}", "msgtype", "text", "text", "content", robot_text(m, url));
    } else if (!strcmp(kind, "feishu")) {
        o = json_pack("{s:s, s:{s:o}}", "msg_type", "text", "content", "text", robot_text(m, url));
        if (o && sign) {
            char t[24];
            snprintf(t, sizeof(t), "%lld", (long long)ts);
            json_object_set_new(o, "timestamp", json_string(t));
            json_object_set_new(o, "sign", json_string(sign));
        }
    } else if (!strcmp(kind, "sms")) { /* a gateway: the number and the text, nothing else */
        o = json_pack("{s:s, s:s, s:I}", "to", m->recipient, "text", m->body, "id",
                      (json_int_t)m->id);
    } else {
        o = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)m->id,
                      "notification_id", (json_int_t)m->notification_id, "kind", m->kind, "user_id",
                      (json_int_t)m->user_id, "subject", m->subject, "text", m->body, "link",
                      m->link, "url", url ? url : "", "created_at", (json_int_t)m->created_at);
    }
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return s;
}

bool notify_json_accepted(const char *kind, const char *answer, char *detail, size_t cap)
{
    bool robot = !strcmp(kind, "wecom") || !strcmp(kind, "dingtalk") || !strcmp(kind, "feishu");
    if (!robot)
        return true;
    json_t *o = json_loads(answer ? answer : "", 0, NULL);
    const char *code_key = !strcmp(kind, "feishu") ? "code" : "errcode";
    const char *msg_key = !strcmp(kind, "feishu") ? "msg" : "errmsg";
    json_t *code = json_object_get(o, code_key);
    bool ok = json_is_integer(code) && json_integer_value(code) == 0;
    if (!ok) {
        const char *msg = json_string_value(json_object_get(o, msg_key));
        snprintf(detail, cap, "%s=%lld %s", code_key,
                 json_is_integer(code) ? (long long)json_integer_value(code) : -1LL,
                 msg ? msg : "(no JSON answer)");
    }
    json_decref(o);
    return ok;
}
