// What employees see of the ambassadors' work, as plain logic: the public questions list and its votes, the pickup
// code on the thank-you, and entering a code (right, wrong, locked). Real shared crypto (Argon2id, sealed boxes).
#include "common/fake_secret_checks.hpp"
#include "common/sample_questions.hpp"
#include "fake_sink.hpp"
#include "flow_fixture.hpp"
#include "kiosk/logic/public_questions.hpp"
#include "kiosk/logic/screens/all_screens.hpp"
#include "sync/shared/event_types.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk_test;
using floorsync::questions::State;
using floorsync::questions::View;

namespace {

// A shell with a synchronous secret checker, otherwise as FlowFixture (department "Expeditie", idle 30 s).
struct QuestionsFixture {
    explicit QuestionsFixture(const std::string& config_text = kFixedDepartment)
        : config(load_config_text(config_text, "test.toml")),
          secrets([this] { return wall_now; }),
          shell(config, sink, now, [this] { return wall_now; }, [this] { return next_id(); }, &secrets),
          flow(shell) {}

    std::string next_id() {
        const std::string n = std::to_string(++ids);
        return "00000000-0000-4000-8000-" + std::string(12 - n.size(), '0') + n;
    }
    void advance(std::chrono::milliseconds by) {
        now += by;
        wall_now += by;
        shell.tick(now);
    }
    void publish(std::vector<View> questions) { shell.set_content(snapshot_with(std::move(questions), {}, ++version)); }
    const QuestionsScreen& questions_screen() const {
        REQUIRE(flow.as<QuestionsScreen>() != nullptr);
        return *flow.as<QuestionsScreen>();
    }
    std::vector<std::string> listed_ids() const {
        std::vector<std::string> ids;
        for (const View* q : questions_screen().questions(shell.host())) ids.push_back(q->id);
        return ids;
    }
    const PickupScreen& pickup() const {
        REQUIRE(flow.as<PickupScreen>() != nullptr);
        return *flow.as<PickupScreen>();
    }
    void enter_code(const std::string& typed) {
        flow.open_screen("questions", now);
        flow.open_screen("pickup", now);
        REQUIRE(flow.screen() == screen_name::pickup);
        flow.type_text(typed, now);
        flow.submit(now);
    }

    KioskConfig config;
    FakeSink sink;
    TimePoint now = TimePoint{} + std::chrono::hours(100);
    SystemTime wall_now = *floorsync::parse_rfc3339("2026-12-01T09:00:00Z");
    int ids = 0;
    std::uint64_t version = 0;
    FakeSecretChecks secrets;
    Shell shell;
    ShellDriver flow;
};

// The mix the feed brings: every state, this department, the organisation and another department.
std::vector<View> mixed_questions() {
    std::vector<View> all;
    all.push_back(make_question(1, "Expeditie", "Wie is onze teamleider? (nog nieuw)", State::open, 50));
    all.push_back(make_question(2, "Expeditie", "Weggehaalde vraag", State::dismissed, 40));
    View private_only = make_question(3, "Expeditie", "Alleen voor de vrager", State::answered_privately, 30);
    private_only.answer_sealed = "00";
    all.push_back(private_only);
    all.push_back(make_question(4, "Expeditie", "Komen er meer scanners?", State::published, 3));
    all.push_back(answered(make_question(5, "Expeditie", "Wanneer is de training?", State::open, 7), "In week 3.", "Sanne"));
    all.push_back(answered(make_question(6, "", "Blijft de kantine open?", State::open, 1), "Ja.", "Ahmed"));
    all.push_back(answered(make_question(7, "Inkoop", "Vraag van een andere afdeling", State::open, 99), "Geheim", "Piet"));
    View published_private = make_question(8, "Expeditie", "Gepubliceerd, privé beantwoord", State::published, 0);
    published_private.answer_sealed = "00";
    all.push_back(published_private);
    return all;
}

std::string id_of(int n) { return floorsync::questions::public_id(question_event_id(n)); }

}  // namespace

TEST_CASE("questions: only published and publicly answered questions of this kiosk's departments and the organisation, most asked first") {
    QuestionsFixture f;
    f.publish(mixed_questions());
    f.flow.open_screen("questions", f.now);
    REQUIRE(f.flow.screen() == screen_name::questions);
    CHECK(f.listed_ids() == std::vector<std::string>{id_of(5), id_of(4), id_of(6), id_of(8)});

    // The rule itself: a kiosk of two departments sees both, and organisation-wide ones; never the states above.
    const auto all = mixed_questions();
    std::vector<std::string> both;
    for (const View* q : public_questions(all, {"Expeditie", "Inkoop"})) both.push_back(q->id);
    CHECK(both == std::vector<std::string>{id_of(7), id_of(5), id_of(4), id_of(6), id_of(8)});
    CHECK(public_questions(all, {}).size() == 1);  // a kiosk without a department: organisation-wide only
    // Equal votes: the newer day first, whatever the order of the snapshot.
    std::vector<View> ties{answered(make_question(20, "Expeditie", "oud", State::open, 2, "2026-11-01"), "a", "b"),
                           answered(make_question(21, "Expeditie", "nieuw", State::open, 2, "2026-11-20"), "a", "b")};
    CHECK(public_questions(ties, {"Expeditie"}).front()->text == "nieuw");
}

TEST_CASE("questions: the screen shows even with nothing public yet, and leads to pickup entry and back") {
    QuestionsFixture f;
    f.flow.open_screen("questions", f.now);
    REQUIRE(f.flow.screen() == screen_name::questions);
    CHECK(f.listed_ids().empty());
    f.flow.open_screen("pickup", f.now);
    CHECK(f.flow.screen() == screen_name::pickup);
    f.flow.back(f.now);
    CHECK(f.flow.screen() == screen_name::questions);
    f.flow.open_screen("news", f.now);  // the other content screens' tabs work here too
    CHECK(f.flow.screen() == screen_name::news);
    f.flow.open_screen("questions", f.now);
    f.flow.go_home(f.now);
    CHECK(f.flow.screen() == screen_name::home);
}

TEST_CASE("questions: I have this question too counts once per question and visit; a new visit may vote again") {
    QuestionsFixture f;
    f.publish(mixed_questions());
    f.flow.open_screen("questions", f.now);
    f.flow.vote(id_of(5), f.now);
    f.flow.vote(id_of(5), f.now);  // a double tap
    REQUIRE(f.sink.stored.size() == 1);
    const floorsync::Event& event = f.sink.stored[0];
    CHECK(event.type == "question_vote");
    CHECK(floorsync::events::decode_question_vote(event.payload).question == id_of(5));
    CHECK(event.department == "Expeditie");
    CHECK(f.questions_screen().vote(f.shell.host(), id_of(5)) == QuestionsScreen::Vote::given);
    CHECK(f.questions_screen().vote(f.shell.host(), id_of(4)) == QuestionsScreen::Vote::none);

    // Questions employees may not see cannot be voted on, whatever the input says.
    for (int hidden : {1, 2, 3, 7}) f.flow.vote(id_of(hidden), f.now);
    f.flow.vote("not-a-question", f.now);
    CHECK(f.sink.stored.size() == 1);

    // Leaving and coming back in the same visit: still counted once.
    f.flow.go_home(f.now);
    f.flow.open_screen("questions", f.now);
    f.flow.vote(id_of(5), f.now);
    CHECK(f.sink.stored.size() == 1);

    // The idle timeout ends the visit; the next person may say they have the question too.
    f.advance(std::chrono::seconds(31));
    REQUIRE(f.flow.screen() == screen_name::home);
    f.flow.open_screen("questions", f.now);
    CHECK(f.questions_screen().vote(f.shell.host(), id_of(5)) == QuestionsScreen::Vote::none);
    f.flow.vote(id_of(5), f.now);
    CHECK(f.sink.stored.size() == 2);
}

TEST_CASE("questions: a vote the store refused is offered again, also when the answer comes after leaving the screen") {
    QuestionsFixture f;
    f.publish(mixed_questions());
    f.flow.open_screen("questions", f.now);
    f.sink.mode = FakeSink::Mode::fail;
    f.flow.vote(id_of(4), f.now);
    CHECK(f.sink.stored.empty());
    CHECK(f.questions_screen().vote(f.shell.host(), id_of(4)) == QuestionsScreen::Vote::failed);
    CHECK(f.shell.host().visit().questions_voted.count(id_of(4)) == 0);
    f.sink.mode = FakeSink::Mode::store;
    f.flow.vote(id_of(4), f.now);
    CHECK(f.sink.stored.size() == 1);
    CHECK(f.questions_screen().vote(f.shell.host(), id_of(4)) == QuestionsScreen::Vote::given);

    f.sink.mode = FakeSink::Mode::hold;
    f.flow.vote(id_of(6), f.now);
    CHECK(f.questions_screen().vote(f.shell.host(), id_of(6)) == QuestionsScreen::Vote::saving);
    f.flow.go_home(f.now);
    f.sink.answer_held(false);
    f.advance(std::chrono::milliseconds(16));
    f.flow.open_screen("questions", f.now);
    CHECK(f.questions_screen().vote(f.shell.host(), id_of(6)) == QuestionsScreen::Vote::failed);
}

TEST_CASE("ask: the thank-you shows the pickup code and waits for Done; the question carries the code's id and key") {
    QuestionsFixture f;
    f.flow.open_ask(f.now);
    f.flow.type_text("Waar is het boek?", f.now);
    REQUIRE(f.flow.as<AskScreen>() != nullptr);
    CHECK(f.flow.as<AskScreen>()->code_state() == AskScreen::CodeState::ready);
    f.flow.send_question(f.now);
    REQUIRE(f.flow.screen() == screen_name::thank_you);
    const auto* thanks = f.flow.as<ThankYouScreen>();
    REQUIRE(thanks != nullptr);
    const std::string code = thanks->pickup_code();
    REQUIRE(floorsync::pickup::normalise(code) == code);
    CHECK(floorsync::pickup::format(code).size() == 9);  // "K7PX-4MQ2"

    REQUIRE(f.sink.stored.size() == 1);
    const auto question = floorsync::events::decode_question(f.sink.stored[0].payload);
    CHECK(question.text == "Waar is het boek?");
    const auto keys = floorsync::pickup::derive(code);
    CHECK(question.pickup_id == keys.id);
    CHECK(question.pickup_key == keys.public_key);
    CHECK(f.sink.stored[0].payload.find(code) == std::string::npos);  // the code itself never leaves the screen

    // Copying by hand takes its time: no 4-second end, only "Done" or the idle timeout.
    CHECK(f.flow.next_deadline() == f.now + std::chrono::seconds(30));
    f.advance(std::chrono::seconds(20));
    CHECK(f.flow.screen() == screen_name::thank_you);
    f.flow.close_thank_you(f.now);
    CHECK(f.flow.screen() == screen_name::home);

    // Someone who walked away: the idle timeout takes the code off the screen.
    f.flow.open_ask(f.now);
    f.flow.type_text("Nog een vraag", f.now);
    f.flow.send_question(f.now);
    REQUIRE(f.flow.as<ThankYouScreen>() != nullptr);
    CHECK(f.flow.as<ThankYouScreen>()->pickup_code() != code);  // every question its own code
    f.advance(std::chrono::seconds(31));
    CHECK(f.flow.screen() == screen_name::home);
}

TEST_CASE("ask: a question sent before its code is ready goes without one, and the thank-you says so") {
    QuestionsFixture f;
    f.secrets.held = true;  // Argon2id still running
    f.flow.open_ask(f.now);
    f.flow.type_text("Snel gevraagd", f.now);
    CHECK(f.flow.as<AskScreen>()->code_state() == AskScreen::CodeState::making);
    f.flow.send_question(f.now);
    REQUIRE(f.flow.screen() == screen_name::thank_you);
    CHECK(f.flow.as<ThankYouScreen>()->question_without_code());
    REQUIRE(f.sink.stored.size() == 1);
    const auto question = floorsync::events::decode_question(f.sink.stored[0].payload);
    CHECK(question.pickup_id.empty());
    CHECK(question.pickup_key.empty());
    // The late code reaches a screen that did not ask for it, and changes nothing; the usual short thank-you.
    f.secrets.held = false;
    f.advance(std::chrono::milliseconds(16));
    CHECK(f.flow.as<ThankYouScreen>()->question_without_code());
    f.advance(std::chrono::seconds(4));
    CHECK(f.flow.screen() == screen_name::home);

    // Without a secret worker at all (the code cannot be made), the same.
    FlowFixture plain;
    plain.flow.open_ask(plain.now);
    plain.flow.type_text("Vraag", plain.now);
    plain.flow.send_question(plain.now);
    REQUIRE(plain.flow.as<ThankYouScreen>() != nullptr);
    CHECK(plain.flow.as<ThankYouScreen>()->question_without_code());
    CHECK(FlowFixture::payload(plain.sink.stored.at(0)) == nlohmann::json{{"text", "Vraag"}});
}

TEST_CASE("ask: a question sent without a department gets no pickup code (nobody can answer it on the kiosks)") {
    QuestionsFixture f(kDepartmentList);
    f.flow.open_ask(f.now);
    f.flow.type_text("Zonder afdeling", f.now);
    REQUIRE(f.flow.as<AskScreen>()->code_state() == AskScreen::CodeState::ready);
    f.flow.send_question(f.now);
    REQUIRE(f.flow.screen() == screen_name::department);
    f.flow.prefer_not_to_say(f.now);
    REQUIRE(f.flow.screen() == screen_name::thank_you);
    CHECK(f.flow.as<ThankYouScreen>()->question_without_code());
    REQUIRE(f.sink.stored.size() == 1);
    CHECK(f.sink.stored[0].department.empty());
    CHECK(floorsync::events::decode_question(f.sink.stored[0].payload).pickup_id.empty());

    // With a department, the same kiosk gives the code.
    f.advance(std::chrono::seconds(5));
    f.flow.open_ask(f.now);
    f.flow.type_text("Met afdeling", f.now);
    f.flow.send_question(f.now);
    f.flow.choose_department(0, f.now);
    REQUIRE(f.flow.screen() == screen_name::thank_you);
    CHECK_FALSE(f.flow.as<ThankYouScreen>()->pickup_code().empty());
    CHECK_FALSE(floorsync::events::decode_question(f.sink.stored.at(1).payload).pickup_id.empty());
}

TEST_CASE("pickup: the right code shows the public answer, the private one opened, 'not answered yet', or a kind no") {
    QuestionsFixture f;
    View public_one = answered(make_question(1, "Expeditie", "Publieke vraag", State::open, 2), "In week 3.", "Sanne");
    const std::string public_code = with_pickup(public_one, "K7PX4MQ2");
    View private_one = make_question(2, "Expeditie", "Privévraag", State::answered_privately);
    const std::string private_code = with_pickup(private_one, "22223333");
    private_one.answer_sealed = floorsync::pickup::seal("Alleen voor jou: bel 1234.", private_one.pickup_key);
    private_one.answer_by = "Ahmed";
    View open_one = make_question(3, "Expeditie", "Nog open", State::open);
    const std::string open_code = with_pickup(open_one, "ABCDEFGH");
    View dismissed_one = make_question(4, "Expeditie", "Weggehaald", State::dismissed);
    const std::string dismissed_code = with_pickup(dismissed_one, "ZZZZ9999");
    f.publish({public_one, private_one, open_one, dismissed_one});

    f.enter_code("k7px-4mq2");  // as written down: lower case and the dash are fine
    REQUIRE(f.flow.screen() == screen_name::pickup_result);
    const auto* result = f.flow.as<PickupResultScreen>();
    CHECK(result->shows() == PickupResultScreen::Shows::public_answer);
    CHECK(result->question_text() == "Publieke vraag");
    CHECK(result->answer() == "In week 3.");
    CHECK(result->answer_by() == "Sanne");
    f.flow.go_home(f.now);  // "Done"
    CHECK(f.flow.screen() == screen_name::home);

    f.enter_code(private_code);
    REQUIRE(f.flow.as<PickupResultScreen>() != nullptr);
    CHECK(f.flow.as<PickupResultScreen>()->shows() == PickupResultScreen::Shows::private_answer);
    CHECK(f.flow.as<PickupResultScreen>()->answer() == "Alleen voor jou: bel 1234.");
    // Idle: the answer leaves the screen with the visit.
    f.advance(std::chrono::seconds(31));
    CHECK(f.flow.screen() == screen_name::home);

    f.enter_code(open_code);
    REQUIRE(f.flow.as<PickupResultScreen>() != nullptr);
    CHECK(f.flow.as<PickupResultScreen>()->shows() == PickupResultScreen::Shows::not_answered);
    CHECK_FALSE(f.flow.as<PickupResultScreen>()->published());
    f.flow.go_home(f.now);

    f.enter_code(dismissed_code);
    REQUIRE(f.flow.as<PickupResultScreen>() != nullptr);
    CHECK(f.flow.as<PickupResultScreen>()->shows() == PickupResultScreen::Shows::dismissed);
    CHECK(f.flow.as<PickupResultScreen>()->answer().empty());
    CHECK(f.secrets.lockout(floorsync::LockKind::pickup).failures == 0);
}

TEST_CASE("pickup: a published question answered privately opens the private answer; the wrong keys open nothing") {
    View question = make_question(5, "Expeditie", "Gepubliceerd", State::published);
    with_pickup(question, "MNPQRSTU");
    question.answer_sealed = floorsync::pickup::seal("Privé", question.pickup_key);
    PickupResultScreen right(question, floorsync::pickup::derive("MNPQRSTU"));
    CHECK(right.shows() == PickupResultScreen::Shows::private_answer);
    CHECK(right.answer() == "Privé");
    PickupResultScreen wrong(question, floorsync::pickup::derive("MNPQRSTV"));
    CHECK(wrong.shows() == PickupResultScreen::Shows::unreadable);
    CHECK(wrong.answer().empty());
}

TEST_CASE("pickup: keys enter symbols, grouped; Check needs all eight; nothing is typed while checking") {
    QuestionsFixture f;
    f.flow.open_screen("questions", f.now);
    f.flow.open_screen("pickup", f.now);
    // Find each symbol on the keypad and press it.
    for (const char symbol : std::string("K7PX4")) {
        bool pressed = false;
        for (std::size_t r = 0; r < PickupScreen::key_rows() && !pressed; ++r)
            for (std::size_t c = 0; c < PickupScreen::kKeyColumns && !pressed; ++c)
                if (PickupScreen::symbol_at(r, c) == symbol) {
                    f.shell.input(in::press_key(r, c), f.now);
                    pressed = true;
                }
        REQUIRE(pressed);
    }
    CHECK(f.pickup().typed() == "K7PX4");
    CHECK(f.pickup().typed_grouped() == "K7PX-4");
    CHECK_FALSE(f.pickup().can_check());
    f.flow.submit(f.now);
    CHECK(f.pickup().state() == PickupScreen::State::typing);  // not checked with five symbols
    f.flow.type_text("0O1I", f.now);                           // not in the alphabet: never typed
    CHECK(f.pickup().typed() == "K7PX4");
    f.flow.backspace(f.now);
    f.flow.type_text("4MQ2XYZ", f.now);  // nothing beyond eight
    CHECK(f.pickup().typed() == "K7PX4MQ2");
    CHECK(PickupScreen::symbol_at(PickupScreen::key_rows(), 0) == '\0');
    std::string every;
    for (std::size_t r = 0; r < PickupScreen::key_rows(); ++r)
        for (std::size_t c = 0; c < PickupScreen::kKeyColumns; ++c)
            if (const char s = PickupScreen::symbol_at(r, c)) every += s;
    CHECK(every == floorsync::pickup::alphabet);

    f.secrets.held = true;
    f.flow.submit(f.now);
    CHECK(f.pickup().state() == PickupScreen::State::checking);
    f.flow.backspace(f.now);
    CHECK(f.pickup().typed() == "K7PX4MQ2");
    f.secrets.held = false;
    f.advance(std::chrono::milliseconds(16));
    CHECK(f.pickup().state() == PickupScreen::State::refused);  // no such question here
}

TEST_CASE("pickup: wrong codes say how many tries are left; the fifth locks code entry with a countdown") {
    QuestionsFixture f;
    View question = make_question(1, "Expeditie", "Mijn vraag", State::open);
    const std::string code = with_pickup(question, "K7PX4MQ2");
    f.publish({question});
    const std::vector<std::string> wrong{"22222222", "33333333", "44444444", "55555555", "66666666"};
    f.enter_code(wrong[0]);
    CHECK(f.pickup().state() == PickupScreen::State::refused);
    CHECK(f.pickup().tries_left() == 4);
    for (std::size_t i = 1; i < 4; ++i) {
        for (int n = 0; n < 8; ++n) f.flow.backspace(f.now);
        f.flow.type_text(wrong[i], f.now);
        CHECK(f.pickup().state() == PickupScreen::State::typing);  // a changed code: the refusal no longer applies
        f.flow.submit(f.now);
        CHECK(f.pickup().state() == PickupScreen::State::refused);
    }
    CHECK(f.pickup().tries_left() == 1);
    for (int n = 0; n < 8; ++n) f.flow.backspace(f.now);
    f.flow.type_text(wrong[4], f.now);
    f.flow.submit(f.now);
    REQUIRE(f.pickup().state() == PickupScreen::State::locked);
    CHECK(f.pickup().typed().empty());
    CHECK(f.pickup().lock_seconds_left(f.shell.host()) == 60);

    // Counting down: the loop wakes for each second.
    f.advance(std::chrono::milliseconds(1500));
    CHECK(f.pickup().lock_seconds_left(f.shell.host()) == 59);
    CHECK(f.flow.next_deadline() == f.now + std::chrono::milliseconds(500));
    // While locked nothing is typed or tried, not even the right code.
    f.flow.type_text(code, f.now);
    f.flow.submit(f.now);
    CHECK(f.pickup().typed().empty());
    CHECK(f.secrets.lockout(floorsync::LockKind::pickup).failures == 5);

    // The lock holds on a new pickup screen too (another person, the same kiosk).
    f.flow.go_home(f.now);
    f.flow.open_screen("questions", f.now);
    f.flow.open_screen("pickup", f.now);
    CHECK(f.pickup().state() == PickupScreen::State::locked);

    // After the lock the right code works, and the count starts over.
    f.advance(std::chrono::seconds(25));
    f.flow.note_activity(f.now);  // someone waiting at the kiosk: the visit goes on
    f.advance(std::chrono::seconds(25));
    f.flow.note_activity(f.now);
    CHECK(f.pickup().state() == PickupScreen::State::locked);
    f.advance(std::chrono::seconds(10));
    CHECK(f.pickup().state() == PickupScreen::State::typing);
    f.flow.type_text(code, f.now);
    f.flow.submit(f.now);
    CHECK(f.flow.screen() == screen_name::pickup_result);
    CHECK(f.secrets.lockout(floorsync::LockKind::pickup).failures == 0);
}

TEST_CASE("pickup: a lookup that cannot run says so and counts nothing") {
    FlowFixture f;  // no secret worker
    f.flow.open_screen("questions", f.now);
    f.flow.open_screen("pickup", f.now);
    f.flow.type_text("K7PX4MQ2", f.now);
    f.flow.submit(f.now);
    REQUIRE(f.flow.as<PickupScreen>() != nullptr);
    CHECK(f.flow.as<PickupScreen>()->state() == PickupScreen::State::failed);
    f.flow.backspace(f.now);
    CHECK(f.flow.as<PickupScreen>()->state() == PickupScreen::State::typing);
}

TEST_CASE("samples: questions, thank-you with a code, pickup entry and result show without recording anything") {
    for (const auto screen : {screen_name::questions, screen_name::thank_you, screen_name::pickup, screen_name::pickup_result}) {
        CAPTURE(screen);
        FlowFixture f;
        f.flow.choose_language("en", f.now);
        REQUIRE(f.flow.show_sample(screen, f.now));
        CHECK(f.flow.screen() == screen);
        CHECK(f.sink.submitted.empty());
    }
    FlowFixture f;
    f.flow.show_sample(screen_name::questions, f.now);
    const auto* questions = f.flow.as<QuestionsScreen>();
    REQUIRE(questions != nullptr);
    REQUIRE(questions->questions(f.shell.host()).size() == 3);
    CHECK(questions->questions(f.shell.host()).front()->votes == 14);
    f.flow.vote(questions->questions(f.shell.host()).front()->id, f.now);
    CHECK(f.sink.submitted.empty());  // a sample question cannot be voted on
    f.flow.show_sample(screen_name::pickup, f.now);
    CHECK(f.flow.as<PickupScreen>()->typed() == "K7PX4");
    f.flow.show_sample(screen_name::pickup_result, f.now);
    CHECK(f.flow.as<PickupResultScreen>()->shows() == PickupResultScreen::Shows::private_answer);
    f.flow.show_sample(screen_name::thank_you, f.now);
    CHECK(f.flow.as<ThankYouScreen>()->pickup_code().size() == 8);
}
