// The PIN pad and the ambassador screens as plain logic: unlocking, the lockout, auto-lock, the queue's orders, and
// answering, publishing and dismissing as signed question_moderation events (real libsodium, real proofs).
#include "common/fake_secret_checks.hpp"
#include "common/sample_questions.hpp"
#include "fake_sink.hpp"
#include "kiosk/logic/ambassador_action.hpp"
#include "kiosk/logic/screens/all_screens.hpp"
#include "common/shell_driver.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/event_types.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace kiosk;
using namespace kiosk_test;
using namespace std::chrono_literals;
using floorsync::questions::State;

namespace {

const std::string kConfig = "kiosk_id = \"hal3-k1\"\nsite = \"Rotterdam\"\ndepartment = \"Expeditie\"\nidle_timeout_seconds = 30\n";
const std::string kSannePin = "246810";
const std::string kPietPin = "135791";  // an ambassador of another department

struct AmbassadorFixture {
    explicit AmbassadorFixture(const std::string& config_text = kConfig)
        : config(load_config_text(config_text, "test.toml")),
          secrets([this] { return wall_now; }),
          shell(config, sink, now, [this] { return wall_now; }, [this] { return next_id(); }, &secrets),
          flow(shell) {}

    std::string next_id() {
        const std::string n = std::to_string(++ids);
        return "0193d000-0000-7000-8000-" + std::string(12 - n.size(), '0') + n;
    }
    void advance(std::chrono::milliseconds by) {
        now += by;
        wall_now += by;
        shell.tick(now);
    }
    void publish(std::vector<floorsync::questions::View> questions) {
        shell.set_content(snapshot_with(std::move(questions), credentials, ++version));
        shell.tick(now);
    }
    void unlock() {
        flow.open_screen("pin", now);
        flow.enter_pin(kSannePin, now);
        REQUIRE(flow.screen() == screen_name::ambassador_queue);
    }
    const AmbassadorQueueScreen& queue() const {
        const auto* screen = flow.as<AmbassadorQueueScreen>();
        REQUIRE(screen != nullptr);
        return *screen;
    }
    const PinScreen& pin() const {
        const auto* screen = flow.as<PinScreen>();
        REQUIRE(screen != nullptr);
        return *screen;
    }
    const AnswerScreen& answer() const {
        const auto* screen = flow.as<AnswerScreen>();
        REQUIRE(screen != nullptr);
        return *screen;
    }
    const AmbassadorQuestionScreen& question() const {
        const auto* screen = flow.as<AmbassadorQuestionScreen>();
        REQUIRE(screen != nullptr);
        return *screen;
    }

    KioskConfig config;
    FakeSink sink;
    TimePoint now = TimePoint{} + 100000s;
    SystemTime wall_now = *floorsync::parse_rfc3339("2026-12-01T09:30:00.250Z");
    int ids = 0;
    std::uint64_t version = 0;
    std::vector<floorsync::ambassador::Credential> credentials{make_credential(1, "Sanne", "Expeditie", kSannePin),
                                                               make_credential(2, "Piet", "Inkoop", kPietPin)};
    FakeSecretChecks secrets;
    Shell shell;
    ShellDriver flow;
};

std::vector<floorsync::questions::View> department_questions() {
    return {
        make_question(1, "Expeditie", "Waarom twee keer scannen?", State::open, 3, "2026-11-28"),
        make_question(2, "Expeditie", "Komt er een training?", State::published, 9, "2026-12-01"),
        answered(make_question(3, "Expeditie", "Wie bel ik 's nachts?", State::open, 5, "2026-11-30"), "De servicedesk: 2222.", "Sanne"),
        make_question(4, "Inkoop", "Een vraag van een andere afdeling", State::open, 50, "2026-12-01"),
        make_question(5, "", "Een vraag zonder afdeling", State::open, 40, "2026-12-01"),
        make_question(6, "Expeditie", "Waarom horen we dit pas nu?", State::dismissed, 0, "2026-11-20"),
    };
}

std::vector<std::string> texts_of(const AmbassadorQueue& queue) {
    std::vector<std::string> texts;
    for (const auto* question : queue.rows()) texts.push_back(question->text);
    return texts;
}

// The proof of a stored action, checked as the collector does: under the MAC key that the PIN derives.
bool proof_verifies(const floorsync::Event& event, const std::string& pin, const floorsync::ambassador::Credential& credential) {
    const auto payload = floorsync::events::decode_question_moderation(event.payload);
    const auto key = floorsync::ambassador::mac_key(floorsync::ambassador::derive_pin_key(pin, credential.salt, credential.params), credential.id);
    return floorsync::ambassador::verify(
        key, {event.kiosk_id, event.id, event.created_at, payload.question, payload.action, payload.text, payload.ambassador}, payload.proof);
}

}  // namespace

TEST_CASE("PIN pad: the right PIN opens the queue of the ambassador's department, with the session in it") {
    AmbassadorFixture f;
    f.publish(department_questions());
    f.flow.open_screen("pin", f.now);
    REQUIRE(f.flow.screen() == screen_name::pin);
    CHECK(f.pin().status(f.shell.host()) == PinScreen::Status::entering);
    for (char digit : kSannePin) f.shell.input(in::press_digit(digit - '0'), f.now);
    CHECK(f.pin().digit_count() == 6);
    f.shell.input(in::submit(), f.now);
    REQUIRE(f.flow.screen() == screen_name::ambassador_queue);
    CHECK(f.queue().session().name == "Sanne");
    CHECK(f.queue().session().department == "Expeditie");
    CHECK(f.queue().session().ambassador_id == ambassador_id(1));
    CHECK(f.secrets.pin_checks == 1);
}

TEST_CASE("PIN pad: a wrong PIN says so with the tries left, clears the digits, and another department's PIN never unlocks") {
    AmbassadorFixture f;
    f.publish(department_questions());
    f.flow.open_screen("pin", f.now);
    f.flow.enter_pin("999999", f.now);
    REQUIRE(f.flow.screen() == screen_name::pin);
    CHECK(f.pin().status(f.shell.host()) == PinScreen::Status::refused);
    CHECK(f.pin().tries_left() == 4);
    CHECK(f.pin().digit_count() == 0);
    // Piet's credential reached this kiosk's snapshot, but he is an ambassador of Inkoop: not checked here at all.
    f.flow.enter_pin(kPietPin, f.now);
    CHECK(f.flow.screen() == screen_name::pin);
    CHECK(f.pin().tries_left() == 3);
    // Too short is not tried and costs no try.
    f.flow.enter_pin("1234", f.now);
    CHECK(f.pin().status(f.shell.host()) == PinScreen::Status::too_short);
    CHECK(f.secrets.pin_checks == 2);
    // More than twelve digits: the thirteenth is not taken.
    for (int i = 0; i < 13; ++i) f.shell.input(in::press_digit(1), f.now);
    CHECK(f.pin().digit_count() == PinScreen::kMaxDigits);
    f.shell.input(in::backspace(), f.now);
    CHECK(f.pin().digit_count() == PinScreen::kMaxDigits - 1);
}

TEST_CASE("PIN pad: five wrong PINs lock it with a countdown; keys do nothing until it ends; the lock shows on entry") {
    AmbassadorFixture f;
    f.publish(department_questions());
    f.flow.open_screen("pin", f.now);
    for (int i = 0; i < 5; ++i) f.flow.enter_pin("111111", f.now);
    REQUIRE(f.pin().status(f.shell.host()) == PinScreen::Status::locked);
    CHECK(f.pin().lock_seconds_left(f.shell.host()) == 60);
    CHECK_FALSE(f.pin().keys_enabled(f.shell.host()));
    // The screen wakes for every second of the countdown.
    REQUIRE(f.flow.next_deadline().has_value());
    CHECK(*f.flow.next_deadline() <= f.now + 1s);
    f.shell.input(in::press_digit(2), f.now);
    CHECK(f.pin().digit_count() == 0);
    f.flow.enter_pin(kSannePin, f.now);  // not even tried while locked
    CHECK(f.secrets.pin_checks == 5);
    CHECK(f.flow.screen() == screen_name::pin);

    f.advance(1500ms);
    CHECK(f.pin().lock_seconds_left(f.shell.host()) == 59);
    // Leaving and coming back does not reset it: the pad reads the lock on entry.
    f.flow.go_home(f.now);
    f.flow.open_screen("pin", f.now);
    CHECK(f.pin().status(f.shell.host()) == PinScreen::Status::locked);

    for (int i = 0; i < 3; ++i) {  // someone waits at the pad, touching it now and then
        f.advance(20s);
        f.flow.note_activity(f.now);
    }
    REQUIRE(f.flow.screen() == screen_name::pin);
    CHECK(f.pin().status(f.shell.host()) == PinScreen::Status::entering);
    CHECK(f.pin().keys_enabled(f.shell.host()));
    CHECK(f.pin().tries_left() == 0);  // the next wrong one locks again, for longer
    f.flow.enter_pin("111111", f.now);
    CHECK(f.pin().status(f.shell.host()) == PinScreen::Status::locked);
    CHECK(f.pin().lock_seconds_left(f.shell.host()) == 120);
}

TEST_CASE("PIN pad: without credentials it says so and takes no digits; a check that fails says why") {
    AmbassadorFixture f;
    f.credentials.clear();
    f.publish(department_questions());
    f.flow.open_screen("pin", f.now);
    CHECK(f.pin().status(f.shell.host()) == PinScreen::Status::no_ambassadors);
    f.shell.input(in::press_digit(1), f.now);
    CHECK(f.pin().digit_count() == 0);

    // A kiosk without a secret worker: every check fails, with its reason.
    FakeSink sink;
    const KioskConfig config = load_config_text(kConfig, "test.toml");
    Shell shell(config, sink, f.now, [&f] { return f.wall_now; });
    shell.set_content(snapshot_with({}, {make_credential(1, "Sanne", "Expeditie", kSannePin)}));
    ShellDriver flow(shell);
    flow.open_screen("pin", f.now);
    flow.enter_pin(kSannePin, f.now);
    const auto* pin = flow.as<PinScreen>();
    REQUIRE(pin != nullptr);
    CHECK(pin->status(shell.host()) == PinScreen::Status::failed);
    CHECK(pin->failure() == "PIN and code checks are not available here");
}

TEST_CASE("PIN pad: only its own ticket's answer counts; a result that arrives after the idle timeout unlocks nothing") {
    AmbassadorFixture f;
    f.publish(department_questions());
    f.flow.open_screen("pin", f.now);
    f.secrets.held = true;  // Argon2id is still running
    f.flow.enter_pin(kSannePin, f.now);
    CHECK(f.pin().status(f.shell.host()) == PinScreen::Status::checking);
    // The check's answer is lost on its way; another request's answer (a pickup code made for a question) is not
    // the pad's and changes nothing.
    f.secrets.held = false;
    REQUIRE(f.secrets.take_results().size() == 1);
    f.secrets.new_pickup();
    f.advance(1s);
    CHECK(f.pin().status(f.shell.host()) == PinScreen::Status::checking);
    f.advance(30s);  // the kiosk's idle timeout on the PIN pad
    REQUIRE(f.flow.screen() == screen_name::home);

    f.flow.open_screen("pin", f.now);
    f.secrets.held = true;
    f.flow.enter_pin(kSannePin, f.now);
    f.advance(31s);
    REQUIRE(f.flow.screen() == screen_name::home);
    f.secrets.held = false;  // the right PIN's result arrives now
    f.advance(1s);
    CHECK(f.flow.screen() == screen_name::home);
    f.flow.open_screen("pin", f.now);
    CHECK(f.flow.screen() == screen_name::pin);
    CHECK(f.pin().status(f.shell.host()) == PinScreen::Status::entering);
}

TEST_CASE("ambassador session: it locks after the ambassador idle timeout or with Lock, and nothing leads back without a PIN") {
    AmbassadorFixture f;
    f.publish(department_questions());
    f.unlock();
    f.flow.choose_language("en", f.now);
    f.advance(31s);  // past the kiosk's own idle timeout: the ambassador's is longer
    CHECK(f.flow.screen() == screen_name::ambassador_queue);
    CHECK(f.flow.next_deadline() == f.now + 89s);
    f.advance(88s);
    CHECK(f.flow.screen() == screen_name::ambassador_queue);
    f.advance(1s);  // 120 s without a touch
    CHECK(f.flow.screen() == screen_name::home);
    CHECK(f.flow.language() == "nl");
    // Home knows no way to an ambassador screen but the PIN pad.
    f.flow.open_screen(std::string(screen_name::ambassador_queue), f.now);
    f.flow.open_question(department_questions()[0].id, f.now);
    f.flow.moderate("answer", f.now);
    CHECK(f.flow.screen() == screen_name::home);

    f.unlock();
    f.flow.open_question(department_questions()[0].id, f.now);
    REQUIRE(f.flow.screen() == screen_name::ambassador_question);
    f.advance(119s);
    CHECK(f.flow.screen() == screen_name::ambassador_question);
    f.flow.lock(f.now);
    CHECK(f.flow.screen() == screen_name::home);

    f.unlock();
    f.flow.open_question(department_questions()[0].id, f.now);
    f.flow.moderate("answer", f.now);
    REQUIRE(f.flow.screen() == screen_name::answer);
    f.flow.type_text("Half getypt antwoord", f.now);
    f.advance(120s);
    CHECK(f.flow.screen() == screen_name::home);
    CHECK(f.sink.submitted.empty());
}

TEST_CASE("queue: only the session's department, every state, newest, oldest or most asked first, counted per state") {
    AmbassadorFixture f;
    f.publish(department_questions());
    f.unlock();
    const AmbassadorQueue& queue = f.queue().queue();
    CHECK(texts_of(queue) == std::vector<std::string>{"Komt er een training?", "Wie bel ik 's nachts?", "Waarom twee keer scannen?",
                                                      "Waarom horen we dit pas nu?"});
    CHECK(queue.count(State::open) == 1);
    CHECK(queue.count(State::published) == 1);
    CHECK(queue.count(State::answered) == 1);
    CHECK(queue.count(State::dismissed) == 1);
    CHECK(queue.total() == 4);

    f.flow.choose_sort(QueueOrder::oldest, f.now);
    CHECK(texts_of(f.queue().queue()) == std::vector<std::string>{"Waarom horen we dit pas nu?", "Waarom twee keer scannen?",
                                                                   "Wie bel ik 's nachts?", "Komt er een training?"});
    f.flow.choose_sort(QueueOrder::most_asked, f.now);
    CHECK(texts_of(f.queue().queue()) == std::vector<std::string>{"Komt er een training?", "Wie bel ik 's nachts?",
                                                                   "Waarom twee keer scannen?", "Waarom horen we dit pas nu?"});
    // Another department's question cannot be opened, even by its id.
    f.flow.open_question(department_questions()[3].id, f.now);
    CHECK(f.flow.screen() == screen_name::ambassador_queue);
    // The order survives a visit to a question.
    f.flow.open_question(department_questions()[0].id, f.now);
    f.flow.back(f.now);
    CHECK(f.queue().queue().order() == QueueOrder::most_asked);
}

TEST_CASE("queue: built once per snapshot, not per frame, and rebuilt when the sync engine brings a new one") {
    AmbassadorFixture f;
    f.publish(department_questions());
    f.unlock();
    for (int i = 0; i < 50; ++i) f.advance(16ms);
    CHECK(f.queue().queue().builds() == 1);
    auto more = department_questions();
    more.push_back(make_question(7, "Expeditie", "Nieuw binnengekomen", State::open, 0, "2026-12-01"));
    f.publish(more);
    f.advance(16ms);
    CHECK(f.queue().queue().builds() == 2);
    CHECK(f.queue().queue().total() == 5);
}

TEST_CASE("queue: ages are whole calendar days in words") {
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    const StringTables strings = StringTables::embedded();
    const SystemTime now = *floorsync::parse_rfc3339("2026-12-01T22:30:00Z");  // 23:30 local
    CHECK(age_text(strings, "en", "2026-12-01", now) == "today");
    CHECK(age_text(strings, "nl", "2026-11-30", now) == "gisteren");
    CHECK(age_text(strings, "en", "2026-11-26", now) == "5 days ago");
    CHECK(age_text(strings, "nl", "2026-11-26", now) == "5 dagen geleden");
    CHECK(age_text(strings, "en", "2026-12-03", now) == "today");  // a collector a little ahead
    CHECK(age_text(strings, "en", "gisteren", now).empty());
    CHECK(day_text(strings, "en", "2026-11-26") == "26 Nov 2026");
    CHECK(local_day(now, 2) == "2026-11-29");
    unsetenv("TZ");
    tzset();
}

TEST_CASE("answer: Save stores a valid question_moderation whose proof verifies under the PIN's key, then back to the question") {
    AmbassadorFixture f;
    f.publish(department_questions());
    f.unlock();
    const std::string id = department_questions()[0].id;
    f.flow.open_question(id, f.now);
    f.flow.moderate("answer", f.now);
    REQUIRE(f.flow.screen() == screen_name::answer);
    CHECK_FALSE(f.answer().privately());
    CHECK(f.flow.editor().max_length() == 1000);
    f.flow.submit(f.now);  // nothing typed
    CHECK(f.answer().problem() == AnswerScreen::Problem::empty);
    f.flow.type_text("Omdat de oude scanner de pallet niet kent. ", f.now);
    f.flow.press_key(0, 0, f.now);  // a key of the on-screen keyboard
    f.flow.submit(f.now);

    REQUIRE(f.sink.stored.size() == 1);
    const floorsync::Event& event = f.sink.stored[0];
    CHECK(event.type == "question_moderation");
    CHECK(event.department == "Expeditie");
    CHECK(event.kiosk_id == "hal3-k1");
    CHECK(event.created_at == "2026-12-01T09:30:00.250Z");
    const auto payload = floorsync::events::decode_question_moderation(event.payload);
    CHECK(payload.question == id);
    CHECK(payload.action == "answer");
    CHECK(payload.text == "Omdat de oude scanner de pallet niet kent. q");
    CHECK(payload.ambassador == ambassador_id(1));
    CHECK(proof_verifies(event, kSannePin, f.credentials[0]));
    CHECK_FALSE(proof_verifies(event, "246811", f.credentials[0]));
    floorsync::Event changed = event;
    changed.created_at = "2026-12-01T09:30:01.250Z";
    CHECK_FALSE(proof_verifies(changed, kSannePin, f.credentials[0]));

    REQUIRE(f.flow.screen() == screen_name::ambassador_question);
    CHECK(f.question().just_saved());
    CHECK(f.question().question_id() == id);
}

TEST_CASE("answer: a private answer is sealed to the question's pickup code and opens only with it") {
    AmbassadorFixture f;
    auto questions = department_questions();
    const std::string code = with_pickup(questions[0], "K7PX4MQ2");
    f.publish(questions);
    f.unlock();
    // Without a pickup code there is no private answer to give.
    f.flow.open_question(questions[1].id, f.now);
    CHECK_FALSE(f.question().can_answer_privately());
    f.flow.moderate("answer_private", f.now);
    CHECK(f.flow.screen() == screen_name::ambassador_question);
    f.flow.back(f.now);

    f.flow.open_question(questions[0].id, f.now);
    CHECK(f.question().can_answer_privately());
    f.flow.moderate("answer_private", f.now);
    REQUIRE(f.flow.screen() == screen_name::answer);
    CHECK(f.answer().privately());
    f.flow.type_text("Ja, je leidinggevende ziet alleen de teamcijfers.", f.now);
    f.flow.submit(f.now);
    REQUIRE(f.sink.stored.size() == 1);
    const auto payload = floorsync::events::decode_question_moderation(f.sink.stored[0].payload);
    CHECK(payload.action == "answer_private");
    CHECK(payload.text.find("leidinggevende") == std::string::npos);
    CHECK(proof_verifies(f.sink.stored[0], kSannePin, f.credentials[0]));
    CHECK(floorsync::pickup::open(payload.text, floorsync::pickup::derive(code)) == "Ja, je leidinggevende ziet alleen de teamcijfers.");
    CHECK_FALSE(floorsync::pickup::open(payload.text, floorsync::pickup::derive("K7PX4MQ3")).has_value());
}

TEST_CASE("question: publish and dismiss are signed events too; dismiss asks first and can be taken back") {
    AmbassadorFixture f;
    f.publish(department_questions());
    f.unlock();
    const std::string id = department_questions()[0].id;
    f.flow.open_question(id, f.now);
    CHECK(f.question().can_publish());
    f.flow.moderate("publish", f.now);
    REQUIRE(f.sink.stored.size() == 1);
    auto payload = floorsync::events::decode_question_moderation(f.sink.stored[0].payload);
    CHECK(payload.action == "publish");
    CHECK(payload.text.empty());
    CHECK(proof_verifies(f.sink.stored[0], kSannePin, f.credentials[0]));
    CHECK(f.question().just_saved());
    CHECK_FALSE(f.question().can_publish());  // once is enough, until the snapshot shows it

    f.flow.moderate("dismiss", f.now);
    CHECK(f.question().step() == AmbassadorQuestionScreen::Step::confirming_dismiss);
    f.flow.back(f.now);  // "Keep it"
    CHECK(f.question().step() == AmbassadorQuestionScreen::Step::choosing);
    CHECK(f.sink.stored.size() == 1);
    f.flow.moderate("dismiss", f.now);
    f.flow.submit(f.now);  // "Yes, dismiss"
    REQUIRE(f.sink.stored.size() == 2);
    payload = floorsync::events::decode_question_moderation(f.sink.stored[1].payload);
    CHECK(payload.action == "dismiss");
    CHECK(payload.question == id);
    CHECK(proof_verifies(f.sink.stored[1], kSannePin, f.credentials[0]));
    REQUIRE(f.flow.screen() == screen_name::ambassador_queue);
    CHECK(f.queue().just_saved());
    // Publish is offered only while a question is new.
    f.flow.open_question(department_questions()[1].id, f.now);
    CHECK_FALSE(f.question().can_publish());
}

TEST_CASE("answer: Edit answer opens the editor with the current public answer; Cancel drops a draft") {
    AmbassadorFixture f;
    f.publish(department_questions());
    f.unlock();
    f.flow.open_question(department_questions()[2].id, f.now);
    CHECK(f.question().has_public_answer());
    f.flow.moderate("answer", f.now);
    REQUIRE(f.flow.screen() == screen_name::answer);
    CHECK(f.flow.editor().text() == "De servicedesk: 2222.");
    f.flow.type_text(" Of de ploegleider.", f.now);
    f.flow.back(f.now);  // Cancel
    REQUIRE(f.flow.screen() == screen_name::ambassador_question);
    f.flow.moderate("answer", f.now);
    CHECK(f.flow.editor().text() == "De servicedesk: 2222.");
    CHECK(f.sink.submitted.empty());
}

TEST_CASE("answer: when the disk refuses it, the screen says so and keeps the draft to save again") {
    AmbassadorFixture f;
    f.publish(department_questions());
    f.unlock();
    f.flow.open_question(department_questions()[0].id, f.now);
    f.flow.moderate("answer", f.now);
    f.flow.type_text("Dat zoeken we uit.", f.now);
    f.sink.mode = FakeSink::Mode::fail;
    f.flow.submit(f.now);
    REQUIRE(f.flow.screen() == screen_name::answer);
    CHECK(f.answer().problem() == AnswerScreen::Problem::not_saved);
    CHECK(f.answer().detail() == "database or disk is full");
    CHECK(f.flow.editor().text() == "Dat zoeken we uit.");
    f.sink.mode = FakeSink::Mode::hold;
    f.flow.submit(f.now);
    CHECK(f.answer().saving());
    f.flow.type_text(" Meer", f.now);  // the text being stored is the one on screen
    CHECK(f.flow.editor().text() == "Dat zoeken we uit.");
    f.sink.answer_held(true);
    f.advance(16ms);
    CHECK(f.flow.screen() == screen_name::ambassador_question);
    REQUIRE(f.sink.stored.size() == 1);
    CHECK(floorsync::events::decode_question_moderation(f.sink.stored[0].payload).text == "Dat zoeken we uit.");
}

TEST_CASE("moderation_event: refuses what the collector would refuse, before it reaches the outbox") {
    const auto credential = make_credential(1, "Sanne", "Expeditie", kSannePin);
    floorsync::AmbassadorSession session{credential.id, "Sanne", "Expeditie",
                                         floorsync::ambassador::mac_key(floorsync::ambassador::derive_pin_key(kSannePin, credential.salt, credential.params), credential.id)};
    floorsync::Event envelope;
    envelope.id = "0193d000-0000-7000-8000-000000000001";
    envelope.created_at = "2026-12-01T09:30:00.250Z";
    envelope.kiosk_id = "hal3-k1";
    const auto ours = make_question(1, "Expeditie", "Vraag");
    const auto theirs = make_question(2, "Inkoop", "Vraag");
    CHECK_THROWS_AS(moderation_event(envelope, session, theirs, "publish", ""), ActionError);
    CHECK_THROWS_AS(moderation_event(envelope, session, ours, "answer_private", "geheim"), ActionError);  // no pickup code
    CHECK_THROWS_AS(moderation_event(envelope, session, ours, "publish", "tekst"), ActionError);
    CHECK_THROWS_AS(moderation_event(envelope, session, ours, "answer", "  "), ActionError);
    CHECK_THROWS_AS(moderation_event(envelope, session, ours, "delete", ""), ActionError);
    floorsync::AmbassadorSession sample;
    sample.department = "Expeditie";
    CHECK_THROWS_AS(moderation_event(envelope, sample, ours, "publish", ""), ActionError);
    const floorsync::Event event = moderation_event(envelope, session, ours, "publish", "");
    CHECK(floorsync::events::canonical_payload(event.type, event.payload) == event.payload);
}

TEST_CASE("samples: the PIN pad with three dots, locked for 4:59, the queue, a question and an answer being typed; none records") {
    AmbassadorFixture f;
    REQUIRE(f.flow.show_sample("pin", f.now));
    CHECK(f.pin().digit_count() == 3);
    CHECK(f.pin().status(f.shell.host()) == PinScreen::Status::entering);  // though this kiosk has no ambassadors
    for (char digit : std::string("456")) f.shell.input(in::press_digit(digit - '0'), f.now);
    f.flow.submit(f.now);
    CHECK(f.secrets.pin_checks == 0);
    REQUIRE(f.flow.show_sample("pin:locked", f.now));
    CHECK(f.pin().status(f.shell.host()) == PinScreen::Status::locked);
    CHECK(f.pin().lock_seconds_left(f.shell.host()) == 299);
    CHECK_FALSE(f.flow.show_sample("pin:nonsense", f.now));
    CHECK_FALSE(f.flow.show_sample("home:locked", f.now));

    REQUIRE(f.flow.show_sample("ambassador_queue", f.now));
    CHECK(f.queue().session().name == "Sanne");
    CHECK(f.queue().session().department == "Expeditie");
    CHECK(f.queue().queue().total() == 7);
    // Also with questions of its own department, the sample shows only its built-in ones: `kiosk --screen
    // ambassador_queue` must never show a real department's questions without a PIN.
    f.publish(department_questions());
    REQUIRE(f.flow.show_sample("ambassador_queue", f.now));
    CHECK(f.queue().queue().total() == 7);
    for (const auto* row : f.queue().queue().rows())
        for (const auto& real : department_questions()) CHECK(row->id != real.id);

    REQUIRE(f.flow.show_sample("ambassador_question", f.now));
    CHECK(f.question().question() != nullptr);
    f.flow.moderate("publish", f.now);
    CHECK_FALSE(f.question().save_error().empty());

    REQUIRE(f.flow.show_sample("answer", f.now, "Waarom twee keer scannen?"));
    CHECK(f.answer().question().text == "Waarom twee keer scannen?");
    CHECK_FALSE(f.flow.editor().empty());
    f.flow.submit(f.now);
    CHECK(f.answer().problem() == AnswerScreen::Problem::refused);
    CHECK(f.sink.submitted.empty());
}
