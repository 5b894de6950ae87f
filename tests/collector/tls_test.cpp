// Direct HTTPS: the collector serves TLS with a PEM certificate and key, and a verifying client can upload.
#include "collector_test_support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace collector_test;

TEST_CASE("the collector serves HTTPS directly when [tls] cert and key are set") {
    TempDir dir;
    const std::string cert = dir.file("cert.pem");
    const std::string key = dir.file("key.pem");
    const std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
                                "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " + key +
                                " -out " + cert + " >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) {
        WARN_MESSAGE(false, "the openssl command is missing; HTTPS is not tested");
        return;
    }
    const std::string db = fresh_database(dir);
    const std::string token = add_kiosk(db, "secure-1", {"IT"});
    RunningCollector collector(db, [&](auto& config) {
        config.tls_cert_file = cert;
        config.tls_key_file = key;
    });

    httplib::SSLClient client("127.0.0.1", collector.port());
    client.set_ca_cert_path(cert.c_str());
    client.enable_server_certificate_verification(true);
    client.set_read_timeout(std::chrono::seconds(10));
    const auto reply = client.Post("/api/v1/events", bearer(token), upload_body({rating_json("secure-1", "IT")}),
                                   "application/json");
    REQUIRE(reply);
    CHECK(reply->status == 200);
    CHECK(json::parse(reply->body)["results"][0]["status"] == "stored");

    httplib::Client plain("127.0.0.1", collector.port());
    plain.set_read_timeout(std::chrono::seconds(3));
    const auto refused = plain.Get("/healthz");
    CHECK((!refused || refused->status != 200));  // plain HTTP on the TLS port gets no answer
}

TEST_CASE("a mismatched TLS certificate and key refuse to start") {
    TempDir dir;
    const auto make = [&](const std::string& name) {
        const std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
                                    "-subj /CN=x -keyout " + dir.file(name + ".key") + " -out " +
                                    dir.file(name + ".pem") + " >/dev/null 2>&1";
        return std::system(command.c_str()) == 0;
    };
    if (!make("a") || !make("b")) return;
    floorsync::collector::CollectorConfig config;
    config.db_path = fresh_database(dir);
    config.listen_port = 0;
    config.tls_cert_file = dir.file("a.pem");
    config.tls_key_file = dir.file("b.key");
    CHECK_THROWS_AS(floorsync::collector::CollectorServer{config}, floorsync::collector::ServerError);
}
