// The demo organisation of `kiosk-collector seed-demo`: its sites, departments, kiosks, the questions people ask and
// what the central team publishes. Fixed data; seed_demo_timeline.* turns it into events.
#pragma once

#include <string>
#include <vector>

namespace floorsync::collector::demo {

struct DemoDepartment {
    std::string name;
    double base_mean = 3.5;      // the mean score it starts the period with
    double rise = 0.3;           // how much it rises over the period
    std::string barrier_reason;  // the follow-up reason it names most (a pillar's reason key)
};

struct DemoKiosk {
    std::string id;
    std::string site;
    std::vector<std::string> departments;  // as registered
    std::vector<double> weights;           // share of its ratings per department, same order
    int daily_ratings = 30;                // on a working day
    bool saturday = false;                 // also used on Saturdays (shifts)
    double english_share = 0.2;            // of its visitors
    std::string app_version = "1.4.2";
    int backlog = 0;                       // its last report's backlog
};

// What happens to a question, in the order of its actions.
enum class QuestionFate {
    waiting,                 // stays new
    ambassador_answer,       // answered in public by the department's ambassador
    ambassador_publish_then_answer,
    ambassador_private,      // answered privately (sealed to the pickup key) by the ambassador
    ambassador_dismiss,
    central_answer,          // answered by the central team (CentralQuestionService)
    central_publish_then_answer,
    central_publish,         // published, no answer yet
};

struct DemoQuestion {
    std::string department;  // "" : organisation-wide
    std::string language;
    std::string text;
    int asked_days_ago = 1;
    bool with_pickup = false;  // asked with a pickup code (needed for a private answer)
    int votes = 0;             // "me too" votes over the days after it was asked
    QuestionFate fate = QuestionFate::waiting;
    int first_action_days_later = 1;  // the first action this many days after it was asked
    std::string answer;               // the answer text (answers only)
};

struct DemoAmbassador {
    std::string name;
    std::string department;
};

// Texts of one content item in Dutch and English.
struct DemoTexts {
    std::string title_nl;
    std::string body_nl;
    std::string detail_nl;
    std::string title_en;
    std::string body_en;
    std::string detail_en;
};

struct DemoTraining {
    DemoTexts texts;
    std::string place;
    int in_days = 7;       // starts this many days from now, at 09:00 local
    int hours = 3;
    int seats = 12;
    int interested = 8;    // "I'll be there" taps
};

struct DemoMilestone {
    DemoTexts texts;
    int in_days = 0;  // negative: in the past
    bool go_live = false;
};

const std::vector<std::string>& demo_sites();
const std::vector<DemoDepartment>& demo_departments();
const std::vector<DemoKiosk>& demo_kiosks();
// The kiosk that stopped reporting, and how many days ago it was last seen.
const std::string& silent_kiosk_id();
inline constexpr int kSilentDays = 3;
// The kiosk with suspect repeated taps, and the department whose confidence drops in the last whole week.
const std::string& tapping_kiosk_id();
const std::string& dropping_department();

const std::vector<DemoQuestion>& demo_questions();
const std::vector<DemoAmbassador>& demo_ambassadors();

const DemoTexts& demo_why();
const std::vector<DemoTexts>& demo_news();
const std::vector<DemoMilestone>& demo_milestones();
const std::vector<DemoTraining>& demo_trainings();
const std::vector<DemoTexts>& demo_you_said_we_did();

}  // namespace floorsync::collector::demo
