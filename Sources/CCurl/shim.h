#ifndef TIDEMARK_CCURL_SHIM_H
#define TIDEMARK_CCURL_SHIM_H

#include <curl/curl.h>

// Swift cannot call the variadic curl_easy_setopt/getinfo, so each argument
// type gets a typed inline wrapper.

typedef size_t (*tm_curl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);

static inline CURLcode tm_curl_setopt_long(CURL *h, CURLoption o, long v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode tm_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode tm_curl_setopt_string(CURL *h, CURLoption o, const char *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode tm_curl_setopt_pointer(CURL *h, CURLoption o, void *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode tm_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode tm_curl_setopt_callback(CURL *h, CURLoption o, tm_curl_data_callback v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode tm_curl_getinfo_long(CURL *h, CURLINFO i, long *v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLcode tm_curl_getinfo_double(CURL *h, CURLINFO i, double *v) {
    return curl_easy_getinfo(h, i, v);
}

typedef int (*tm_curl_seek_callback)(void *userp, curl_off_t offset, int origin);
typedef int (*tm_curl_xferinfo_callback)(void *clientp, curl_off_t dltotal, curl_off_t dlnow,
                                         curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode tm_curl_setopt_seek_callback(CURL *h, CURLoption o, tm_curl_seek_callback v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode tm_curl_setopt_xferinfo_callback(CURL *h, CURLoption o, tm_curl_xferinfo_callback v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode tm_curl_setopt_buffer(CURL *h, CURLoption o, char *v) {
    return curl_easy_setopt(h, o, v);
}
// CURL_GLOBAL_DEFAULT is a composite macro Swift does not import.
static inline CURLcode tm_curl_global_init_default(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}
// Buffer size libcurl requires for CURLOPT_ERRORBUFFER.
static inline size_t tm_curl_error_size(void) {
    return CURL_ERROR_SIZE;
}

#endif
