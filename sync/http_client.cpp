// libcurl behind RAII handles: one easy handle driven by a multi handle so abort() can wake a transfer at once.
#include "sync/http_client.hpp"

#include <curl/curl.h>

#include <cctype>
#include <mutex>
#include <stdexcept>

namespace floorsync {
namespace {

struct EasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
    void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;

// Owns a curl_slist; libcurl keeps only a pointer to it, so it must outlive the transfer.
class HeaderList {
public:
    HeaderList() = default;
    ~HeaderList() { curl_slist_free_all(list_); }
    HeaderList(const HeaderList&) = delete;
    HeaderList& operator=(const HeaderList&) = delete;

    void append(const std::string& header) {
        curl_slist* grown = curl_slist_append(list_, header.c_str());
        if (!grown) throw std::bad_alloc();
        list_ = grown;
    }
    curl_slist* get() const { return list_; }

private:
    curl_slist* list_ = nullptr;
};

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    return true;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

bool is_header_safe(std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::string header_line(const HttpHeader& header) {
    if (header.name.empty() || !is_header_safe(header.name) || header.name.find(':') != std::string::npos ||
        header.name.find(' ') != std::string::npos || !is_header_safe(header.value))
        throw std::invalid_argument("HTTP request header '" + header.name + "' has a character a header cannot hold");
    // "Name:" alone would make libcurl drop the header; "Name;" sends it with an empty value.
    return header.value.empty() ? header.name + ";" : header.name + ": " + header.value;
}

void check(CURLcode code, const char* what) {
    if (code != CURLE_OK) throw std::runtime_error(std::string("libcurl: cannot set ") + what + ": " + curl_easy_strerror(code));
}

}  // namespace

void ensure_curl_global_init() {
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (result != CURLE_OK)
        throw std::runtime_error(std::string("libcurl cannot initialise: ") + curl_easy_strerror(result));
}

const char* to_string(HttpOutcome outcome) {
    switch (outcome) {
        case HttpOutcome::response: return "response";
        case HttpOutcome::connect_failed: return "connect failed";
        case HttpOutcome::timed_out: return "timed out";
        case HttpOutcome::transport_error: return "transport error";
        case HttpOutcome::response_too_large: return "response too large";
        case HttpOutcome::aborted: return "aborted";
    }
    return "unknown";
}

struct HttpClient::Impl {
    HttpClientSettings settings;
    MultiHandle multi{curl_multi_init()};
    EasyHandle easy{curl_easy_init()};
    std::atomic<bool> abort_requested{false};

    // State of the transfer in flight.
    std::string body;
    std::string retry_after;
    std::string etag;
    bool too_large = false;
    char error_buffer[CURL_ERROR_SIZE] = {};

    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
        auto* self = static_cast<Impl*>(user);
        const std::size_t bytes = size * count;
        if (self->body.size() + bytes > self->settings.max_response_bytes) {
            self->too_large = true;
            return 0;  // fewer bytes than given: libcurl aborts with CURLE_WRITE_ERROR
        }
        self->body.append(data, bytes);
        return bytes;
    }

    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
        auto* self = static_cast<Impl*>(user);
        const std::string_view line(data, size * count);
        if (starts_with_ignoring_case(line, "http/")) {  // a new response (after a 100)
            self->retry_after.clear();
            self->etag.clear();
        }
        constexpr std::string_view retry_after_name = "retry-after:";
        constexpr std::string_view etag_name = "etag:";
        if (starts_with_ignoring_case(line, retry_after_name))
            self->retry_after = std::string(trim(line.substr(retry_after_name.size())));
        else if (starts_with_ignoring_case(line, etag_name))
            self->etag = std::string(trim(line.substr(etag_name.size())));
        return size * count;
    }

    static int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
        return static_cast<Impl*>(user)->abort_requested.load() ? 1 : 0;
    }

    explicit Impl(HttpClientSettings given) : settings(std::move(given)) {
        ensure_curl_global_init();
        if (!multi || !easy) throw std::runtime_error("libcurl: cannot create a handle");
        CURL* h = easy.get();
        check(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L), "NOSIGNAL");
        check(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https"), "PROTOCOLS_STR");
        check(curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L), "FOLLOWLOCATION");
        check(curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L), "TCP_NODELAY");
        check(curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L), "TCP_KEEPALIVE");
        check(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings.connect_timeout.count())),
              "CONNECTTIMEOUT_MS");
        check(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(settings.request_timeout.count())),
              "TIMEOUT_MS");
        check(curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, settings.low_speed_bytes_per_second), "LOW_SPEED_LIMIT");
        check(curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(settings.low_speed_window.count())),
              "LOW_SPEED_TIME");
        check(curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, settings.verify_tls ? 1L : 0L), "SSL_VERIFYPEER");
        check(curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, settings.verify_tls ? 2L : 0L), "SSL_VERIFYHOST");
        if (!settings.ca_file.empty()) check(curl_easy_setopt(h, CURLOPT_CAINFO, settings.ca_file.c_str()), "CAINFO");
        if (!settings.pinned_public_key.empty())
            check(curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, settings.pinned_public_key.c_str()), "PINNEDPUBLICKEY");
        check(curl_easy_setopt(h, CURLOPT_USERAGENT, settings.user_agent.c_str()), "USERAGENT");
        check(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Impl::on_body), "WRITEFUNCTION");
        check(curl_easy_setopt(h, CURLOPT_WRITEDATA, this), "WRITEDATA");
        check(curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Impl::on_header), "HEADERFUNCTION");
        check(curl_easy_setopt(h, CURLOPT_HEADERDATA, this), "HEADERDATA");
        check(curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &Impl::on_progress), "XFERINFOFUNCTION");
        check(curl_easy_setopt(h, CURLOPT_XFERINFODATA, this), "XFERINFODATA");
        check(curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L), "NOPROGRESS");
        check(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer), "ERRORBUFFER");
        if (settings.max_response_bytes > 0)
            curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(settings.max_response_bytes));
    }

    HttpResponse perform(const std::string& url, const HeaderList& headers) {
        HttpResponse response;
        if (abort_requested) {
            response.outcome = HttpOutcome::aborted;
            response.error = "aborted: the sync engine is stopping";
            return response;
        }
        body.clear();
        retry_after.clear();
        etag.clear();
        too_large = false;
        error_buffer[0] = '\0';
        CURL* h = easy.get();
        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

        const CURLcode result = run_transfer();
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
        response.retry_after = retry_after;
        response.etag = etag;
        if (result == CURLE_OK) {
            response.outcome = HttpOutcome::response;
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
            response.body = std::move(body);
            return response;
        }
        response.outcome = classify(result);
        response.error = describe(result);
        return response;
    }

    // Drives the easy handle through the multi handle, so that abort() can interrupt curl_multi_poll at once.
    CURLcode run_transfer() {
        if (curl_multi_add_handle(multi.get(), easy.get()) != CURLM_OK) return CURLE_FAILED_INIT;
        CURLcode result = CURLE_FAILED_INIT;
        int running = 1;
        while (true) {
            if (curl_multi_perform(multi.get(), &running) != CURLM_OK) break;
            if (running == 0) {
                int left = 0;
                while (CURLMsg* message = curl_multi_info_read(multi.get(), &left))
                    if (message->msg == CURLMSG_DONE && message->easy_handle == easy.get()) result = message->data.result;
                break;
            }
            if (abort_requested) {
                result = CURLE_ABORTED_BY_CALLBACK;
                break;
            }
            if (curl_multi_poll(multi.get(), nullptr, 0, 1000, nullptr) != CURLM_OK) break;
        }
        curl_multi_remove_handle(multi.get(), easy.get());
        return result;
    }

    HttpOutcome classify(CURLcode result) {
        switch (result) {
            case CURLE_COULDNT_RESOLVE_HOST:
            case CURLE_COULDNT_RESOLVE_PROXY:
            case CURLE_COULDNT_CONNECT:
                return HttpOutcome::connect_failed;
            case CURLE_OPERATION_TIMEDOUT: {
                curl_off_t connected_after = 0;
                curl_easy_getinfo(easy.get(), CURLINFO_CONNECT_TIME_T, &connected_after);
                return connected_after == 0 ? HttpOutcome::connect_failed : HttpOutcome::timed_out;
            }
            case CURLE_WRITE_ERROR:
            case CURLE_FILESIZE_EXCEEDED:
                return too_large || result == CURLE_FILESIZE_EXCEEDED ? HttpOutcome::response_too_large
                                                                      : HttpOutcome::transport_error;
            case CURLE_ABORTED_BY_CALLBACK:
                return abort_requested ? HttpOutcome::aborted : HttpOutcome::transport_error;
            default:
                return HttpOutcome::transport_error;
        }
    }

    std::string describe(CURLcode result) const {
        if (result == CURLE_ABORTED_BY_CALLBACK && abort_requested) return "aborted: the sync engine is stopping";
        if (too_large || result == CURLE_FILESIZE_EXCEEDED)
            return "the collector's answer is larger than " + std::to_string(settings.max_response_bytes) + " bytes";
        std::string message = curl_easy_strerror(result);
        if (error_buffer[0] != '\0' && message != error_buffer) message += ": " + std::string(error_buffer);
        return message;
    }
};

HttpClient::HttpClient(HttpClientSettings settings) : impl_(std::make_unique<Impl>(std::move(settings))) {}
HttpClient::~HttpClient() = default;

HttpResponse HttpClient::post_json(const std::string& url, std::string_view body, const std::string& bearer_token) {
    HeaderList headers;
    headers.append("Content-Type: application/json");
    headers.append("Accept: application/json");
    headers.append("Expect:");  // no 100-continue round trip before large batches
    if (!bearer_token.empty()) headers.append("Authorization: Bearer " + bearer_token);
    CURL* h = impl_->easy.get();
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    HttpResponse response = impl_->perform(url, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, nullptr);
    return response;
}

HttpResponse HttpClient::get(const std::string& url, const std::string& bearer_token,
                             const std::vector<HttpHeader>& extra_headers) {
    HeaderList headers;
    headers.append("Accept: application/json");
    if (!bearer_token.empty()) headers.append("Authorization: Bearer " + bearer_token);
    for (const HttpHeader& header : extra_headers) headers.append(header_line(header));
    curl_easy_setopt(impl_->easy.get(), CURLOPT_HTTPGET, 1L);
    return impl_->perform(url, headers);
}

void HttpClient::abort() {
    impl_->abort_requested = true;
    curl_multi_wakeup(impl_->multi.get());
}

void HttpClient::clear_abort() { impl_->abort_requested = false; }

bool HttpClient::aborting() const { return impl_->abort_requested; }

}  // namespace floorsync
