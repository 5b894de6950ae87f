// A finger for the end-to-end tests: drives the kiosk's real Shell, Recorder, SecretWorker and store (no window) one
// named step at a time, and prints what the screens show. The network stays with `kioskctl sync-now`.
//
// Usage: e2e_kiosk_driver --config KIOSK.toml STEP...
//   ask=TEXT                       asks a question; prints "code K7PX-4MQ2" (or "code none")
//   questions                      prints the questions screen: "public TEXT | ANSWER | BY | VOTES"
//   vote=TEXT                      "I have this question too" on the public question with that text
//   pin=PIN                        enters a PIN; prints "pin accepted|refused|locked|failed|no_ambassadors"
//   queue=PIN                      unlocks; prints the queue: "queue STATE VOTES TEXT"
//   answer=PIN|TEXT|ANSWER         unlocks, answers the question with that text in public, saves
//   answer_private=PIN|TEXT|ANSWER the same, privately (sealed to the asker's code)
//   publish=PIN|TEXT, dismiss=PIN|TEXT
//   pickup=CODE                    enters a pickup code; prints "pickup SHOWS | ANSWER" or "pickup refused|locked"
// Exit status 0 when every step did what it says, 1 with a message otherwise.
#include "kiosk/logic/config.hpp"
#include "kiosk/logic/screens/all_screens.hpp"
#include "kiosk/logic/shell.hpp"
#include "sync/recorder.hpp"
#include "sync/secret_worker.hpp"
#include "sync/shared/pickup_code.hpp"
#include "sync/sync_engine.hpp"

#include <chrono>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace kiosk;
using Clock = std::chrono::steady_clock;

struct StepFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    for (char c : text) {
        if (c == separator) {
            parts.push_back(part);
            part.clear();
        } else {
            part.push_back(c);
        }
    }
    parts.push_back(part);
    return parts;
}

class Driver {
public:
    explicit Driver(const KioskConfig& config)
        : config_(config),
          sync_(config.database_path, offline(config.sync), [] {}),
          recorder_(config.database_path, {[] {}, [this] { sync_.notify_new_events(); }}),
          secrets_(config.database_path, [] {}),
          shell_(config, recorder_, Clock::now(), {}, {}, &secrets_) {
        // The store is open once the engine published its first snapshot.
        settle("the kiosk's store to open", [this] { return sync_.content()->version > 0; });
    }

    void run(const std::string& step) {
        const auto equals = step.find('=');
        const std::string verb = step.substr(0, equals);
        const std::string argument = equals == std::string::npos ? "" : step.substr(equals + 1);
        if (verb == "ask") return ask(argument);
        if (verb == "questions") return list_questions();
        if (verb == "vote") return vote(argument);
        if (verb == "pin") return print_pin(argument);
        if (verb == "queue") return queue(argument);
        if (verb == "answer" || verb == "answer_private" || verb == "publish" || verb == "dismiss") {
            const auto parts = split(argument, '|');
            if (parts.size() != (verb == "answer" || verb == "answer_private" ? 3u : 2u))
                throw StepFailed("step '" + step + "': expected PIN|TEXT" + (parts.size() > 2 ? "|ANSWER" : ""));
            return moderate(verb, parts[0], parts[1], parts.size() > 2 ? parts[2] : "");
        }
        if (verb == "pickup") return pickup(argument);
        throw StepFailed("unknown step '" + step + "'");
    }

private:
    static floorsync::SyncSettings offline(floorsync::SyncSettings settings) {
        settings.collector_url.clear();  // the scripts sync with kioskctl sync-now, when they choose
        return settings;
    }

    void input(const Input& one) { shell_.input(one, Clock::now()); }

    // Ticks the shell (content, recorder and secret results) until `done` or 15 s.
    void settle(const std::string& what, const std::function<bool()>& done) {
        const auto deadline = Clock::now() + std::chrono::seconds(15);
        while (Clock::now() < deadline) {
            shell_.set_content(sync_.content());
            shell_.tick(Clock::now());
            if (done()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        throw StepFailed("timed out waiting for " + what + " (screen '" + std::string(shell_.screen_name()) + "')");
    }

    bool on(std::string_view name) const { return shell_.screen_name() == name; }
    void expect(std::string_view name) const {
        if (!on(name))
            throw StepFailed("expected screen '" + std::string(name) + "', the kiosk shows '" +
                             std::string(shell_.screen_name()) + "'");
    }
    void start_on_home() {
        if (!on(HomeScreen::kName)) input(in::go_home());
        settle("home", [this] { return on(HomeScreen::kName); });
    }

    void ask(const std::string& text) {
        start_on_home();
        input(in::open_ask());
        settle("the pickup code", [this] {
            const auto* ask = shell_.screen_as<AskScreen>();
            return ask && (ask->code_state() == AskScreen::CodeState::ready ||
                           ask->code_state() == AskScreen::CodeState::unavailable);
        });
        input(in::type_text(text));
        input(in::send_question());
        settle("the thank-you", [this] { return on(ThankYouScreen::kName) || on(StoreErrorScreen::kName); });
        expect(ThankYouScreen::kName);
        const std::string code = shell_.screen_as<ThankYouScreen>()->pickup_code();
        std::printf("code %s\n", code.empty() ? "none" : floorsync::pickup::format(code).c_str());
        input(in::close_thank_you());
        settle("home after the thank-you", [this] { return on(HomeScreen::kName); });
    }

    const QuestionsScreen& open_questions() {
        start_on_home();
        input(in::open_screen(std::string(QuestionsScreen::kName)));
        expect(QuestionsScreen::kName);
        return *shell_.screen_as<QuestionsScreen>();
    }

    void list_questions() {
        const QuestionsScreen& screen = open_questions();
        for (const auto* q : screen.questions(shell_.host()))
            std::printf("public %s | %s | %s | %lld\n", q->text.c_str(), q->answer.c_str(), q->answer_by.c_str(),
                        static_cast<long long>(q->votes));
        input(in::go_home());
    }

    void vote(const std::string& text) {
        const QuestionsScreen& screen = open_questions();
        std::string id;
        for (const auto* q : screen.questions(shell_.host()))
            if (q->text == text) id = q->id;
        if (id.empty()) throw StepFailed("no public question reads '" + text + "'");
        input(in::vote(id));
        settle("the vote to be stored", [this, &id] {
            const auto* s = shell_.screen_as<QuestionsScreen>();
            return s && s->vote(shell_.host(), id) != QuestionsScreen::Vote::saving;
        });
        if (shell_.screen_as<QuestionsScreen>()->vote(shell_.host(), id) != QuestionsScreen::Vote::given)
            throw StepFailed("the vote was not stored");
        std::printf("voted %s\n", text.c_str());
        input(in::go_home());
    }

    // Enters the PIN; returns what the pad says (the queue shows on "accepted").
    std::string enter_pin(const std::string& pin) {
        start_on_home();
        input(in::open_screen(std::string(PinScreen::kName)));
        expect(PinScreen::kName);
        for (char digit : pin) input(in::press_digit(digit - '0'));
        input(in::submit());
        settle("the PIN check", [this] {
            const auto* pad = shell_.screen_as<PinScreen>();
            return !pad || pad->status(shell_.host()) != PinScreen::Status::checking;
        });
        if (on(AmbassadorQueueScreen::kName)) return "accepted";
        switch (shell_.screen_as<PinScreen>()->status(shell_.host())) {
        case PinScreen::Status::refused: return "refused";
        case PinScreen::Status::locked: return "locked";
        case PinScreen::Status::no_ambassadors: return "no_ambassadors";
        case PinScreen::Status::too_short: return "too_short";
        default: return "failed";
        }
    }

    void print_pin(const std::string& pin) {
        const std::string outcome = enter_pin(pin);
        std::printf("pin %s\n", outcome.c_str());
        input(on(PinScreen::kName) ? in::back() : in::lock());
        settle("home after the PIN", [this] { return on(HomeScreen::kName); });
    }

    void unlock(const std::string& pin) {
        const std::string outcome = enter_pin(pin);
        if (outcome != "accepted") throw StepFailed("the PIN was not accepted: " + outcome);
    }

    void lock() {
        input(in::lock());
        settle("home after lock", [this] { return on(HomeScreen::kName); });
    }

    void queue(const std::string& pin) {
        unlock(pin);
        for (const auto* q : shell_.screen_as<AmbassadorQueueScreen>()->queue().rows())
            std::printf("queue %s %lld %s\n", floorsync::questions::to_string(q->state),
                        static_cast<long long>(q->votes), q->text.c_str());
        lock();
    }

    void moderate(const std::string& action, const std::string& pin, const std::string& text, const std::string& answer) {
        unlock(pin);
        std::string id;
        for (const auto* q : shell_.screen_as<AmbassadorQueueScreen>()->queue().rows())
            if (q->text == text) id = q->id;
        if (id.empty()) throw StepFailed("the queue holds no question reading '" + text + "'");
        input(in::open_question(id));
        expect(AmbassadorQuestionScreen::kName);
        const std::uint64_t stored_before = shell_.events_submitted();
        input(in::moderate(action));
        if (action == "answer" || action == "answer_private") {
            expect(AnswerScreen::kName);
            // An edit starts from the current answer: clear it first.
            while (!shell_.screen_as<AnswerScreen>()->editor().is_blank()) input(in::backspace());
            input(in::type_text(answer));
            input(in::submit());
            settle("the answer to be stored", [this] { return !on(AnswerScreen::kName); });
        } else {
            if (action == "dismiss") input(in::submit());  // "Yes, dismiss"
            settle("the action to be stored", [this] {
                const auto* screen = shell_.screen_as<AmbassadorQuestionScreen>();
                return !screen || screen->step() != AmbassadorQuestionScreen::Step::saving;
            });
            if (const auto* screen = shell_.screen_as<AmbassadorQuestionScreen>(); screen && !screen->save_error().empty())
                throw StepFailed("the " + action + " was not stored: " + screen->save_error());
        }
        if (shell_.events_submitted() != stored_before + 1) throw StepFailed("the " + action + " made no event");
        if (on(AnswerScreen::kName) || on(StoreErrorScreen::kName)) throw StepFailed("the " + action + " was not stored");
        std::printf("%s %s\n", action.c_str(), text.c_str());
        lock();
    }

    void pickup(const std::string& code) {
        open_questions();
        input(in::open_screen(std::string(PickupScreen::kName)));
        expect(PickupScreen::kName);
        for (char c : code) input(in::type_codepoint(static_cast<char32_t>(c)));
        input(in::submit());
        settle("the code check", [this] {
            const auto* entry = shell_.screen_as<PickupScreen>();
            return !entry || entry->state() != PickupScreen::State::checking;
        });
        if (const auto* result = shell_.screen_as<PickupResultScreen>()) {
            static constexpr const char* kShows[] = {"public_answer", "private_answer", "not_answered", "dismissed",
                                                     "unreadable"};
            std::printf("pickup %s | %s | %s\n", kShows[static_cast<int>(result->shows())], result->question_text().c_str(),
                        result->answer().c_str());
        } else {
            const auto state = shell_.screen_as<PickupScreen>()->state();
            std::printf("pickup %s\n", state == PickupScreen::State::refused  ? "refused"
                                       : state == PickupScreen::State::locked ? "locked"
                                                                              : "failed");
        }
        input(in::go_home());
    }

    const KioskConfig& config_;
    floorsync::SyncEngine sync_;
    floorsync::Recorder recorder_;
    floorsync::SecretWorker secrets_;
    Shell shell_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4 || std::string(argv[1]) != "--config") {
        std::fprintf(stderr, "usage: %s --config KIOSK.toml STEP...\n", argv[0]);
        return 2;
    }
    try {
        const KioskConfig config = load_config_file(argv[2]);
        Driver driver(config);
        for (int i = 3; i < argc; ++i) driver.run(argv[i]);
        std::fflush(stdout);
        return 0;
    } catch (const std::exception& error) {
        std::fflush(stdout);
        std::fprintf(stderr, "kiosk_driver: %s\n", error.what());
        return 1;
    }
}
