// The demo organisation's fixed data: three sites, seven departments, twelve kiosks, questions and published texts.
#include "collector/seed_demo_cast.hpp"

namespace floorsync::collector::demo {

const std::vector<std::string>& demo_sites() {
    static const std::vector<std::string> sites{"Rotterdam", "Eindhoven", "Gent"};
    return sites;
}

const std::vector<DemoDepartment>& demo_departments() {
    // Legal is small on purpose: a couple of ratings a week, so its figures are always "too few responses".
    static const std::vector<DemoDepartment> departments{
        {"Customer Service", 3.3, 0.4, "need_training"},
        {"Finance", 3.0, 0.6, "dont_see_why"},
        {"HR", 3.5, 0.3, "dont_know_what"},
        {"IT", 3.9, 0.2, "need_help"},
        {"Legal", 3.4, 0.2, "need_help"},
        {"Logistics", 3.5, 0.5, "need_training"},
        {"Sales", 3.2, 0.4, "dont_know_what"},
    };
    return departments;
}

const std::vector<DemoKiosk>& demo_kiosks() {
    static const std::vector<DemoKiosk> kiosks{
        {"rtm-lobby", "Rotterdam", {"Finance", "HR", "Legal"}, {0.55, 0.435, 0.015}, 32, false, 0.3},
        {"rtm-canteen", "Rotterdam", {"Finance", "HR", "Sales"}, {0.35, 0.3, 0.35}, 40, false, 0.3},
        {"rtm-floor2", "Rotterdam", {"Customer Service", "Sales"}, {0.5, 0.5}, 35, false, 0.3},
        {"rtm-warehouse", "Rotterdam", {"Logistics"}, {1.0}, 45, true, 0.25},
        {"rtm-servicedesk", "Rotterdam", {"Customer Service", "IT"}, {0.4, 0.6}, 25, false, 0.35},
        {"ehv-entrance", "Eindhoven", {"IT", "Logistics"}, {0.4, 0.6}, 35, false, 0.2},
        {"ehv-workshop", "Eindhoven", {"Logistics"}, {1.0}, 40, true, 0.15, "1.3.1", 23},
        {"ehv-office", "Eindhoven", {"Finance", "Sales"}, {0.5, 0.5}, 28, false, 0.2},
        {"ehv-canteen", "Eindhoven", {"Customer Service", "HR", "IT"}, {0.4, 0.3, 0.3}, 30, false, 0.2},
        {"gnt-lobby", "Gent", {"Customer Service", "Logistics", "Sales"}, {0.35, 0.3, 0.35}, 32, false, 0.1},
        {"gnt-depot", "Gent", {"Logistics"}, {1.0}, 38, true, 0.1, "1.3.1", 4},
        {"gnt-office", "Gent", {"Finance", "HR"}, {0.5, 0.5}, 22, false, 0.1},
    };
    return kiosks;
}

const std::string& silent_kiosk_id() {
    static const std::string id = "gnt-depot";
    return id;
}

const std::string& tapping_kiosk_id() {
    static const std::string id = "rtm-canteen";
    return id;
}

const std::string& dropping_department() {
    static const std::string name = "Logistics";
    return name;
}

const std::vector<DemoQuestion>& demo_questions() {
    using F = QuestionFate;
    static const std::vector<DemoQuestion> questions{
        {"Logistics", "nl",
         "Krijgen we de nieuwe scanners voor de go-live, of werken we de eerste week nog met de oude?", 12, true, 9,
         F::ambassador_answer, 2,
         "De nieuwe scanners komen twee weken voor de go-live. De oude blijven tot eind januari als reserve."},
        {"Logistics", "en", "Who do I call when the new system is down during the night shift?", 8, false, 5,
         F::ambassador_publish_then_answer, 1,
         "The night shift has its own support line, 24/7, from the first day. The number will be on every kiosk."},
        {"Logistics", "nl", "Werkt dit scherm eigenlijk?", 16, false, 0, F::ambassador_dismiss, 1, ""},
        {"Sales", "nl", "Worden alle klantgegevens uit het oude systeem overgezet, ook de notities?", 15, false, 7,
         F::ambassador_answer, 3,
         "Ja, alle klanten met hun notities van de laatste vijf jaar. Oudere notities blijven in het archief."},
        {"Sales", "en", "Will the commission reports look different after the switch?", 4, false, 3, F::waiting, 0, ""},
        {"Customer Service", "nl", "Hoe lang duurt de training en valt die binnen werktijd?", 20, false, 11,
         F::ambassador_answer, 2, "Twee ochtenden van drie uur, allebei in werktijd. Je planner houdt er rekening mee."},
        {"Customer Service", "nl", "Ik werk parttime: moet ik dan alle trainingen volgen?", 10, true, 2,
         F::ambassador_private, 2,
         "Eén training is genoeg; de tweede kun je thuis als video bekijken. Vraag je planner om een ochtend."},
        {"Customer Service", "en", "Can we get the training material in English as well?", 0, false, 1, F::waiting, 0,
         ""},
        {"Finance", "nl", "Waarom stappen we over terwijl het huidige systeem prima werkt?", 18, false, 14,
         F::central_answer, 2,
         "Het huidige systeem wordt na volgend jaar niet meer ondersteund. Wachten maakt de overstap duurder."},
        {"Finance", "en", "When can we see the new month-end close process?", 6, false, 2, F::waiting, 0, ""},
        {"HR", "nl", "Blijven onze verlofaanvragen zichtbaar na de overstap?", 9, false, 4,
         F::central_publish_then_answer, 1, "Ja, alle aanvragen en saldi gaan mee; je ziet ze vanaf de eerste dag."},
        {"", "en", "Is there a date yet for the go-live?", 25, false, 16, F::central_answer, 1,
         "Yes: the go-live is on the timeline on every kiosk. Until then, training rounds run at every site."},
        {"", "nl", "Komt er in de eerste weken een vraagbaak op elke locatie?", 3, false, 6, F::central_publish, 1,
         ""},
        {"IT", "en", "Will we keep admin access to the old system for a while?", 1, false, 0, F::waiting, 0, ""},
    };
    return questions;
}

const std::vector<DemoAmbassador>& demo_ambassadors() {
    static const std::vector<DemoAmbassador> ambassadors{
        {"Sanne Jacobs", "Logistics"},
        {"Milan de Wit", "Sales"},
        {"Lotte Peeters", "Customer Service"},
    };
    return ambassadors;
}

const DemoTexts& demo_why() {
    static const DemoTexts why{
        "Waarom we overstappen op één systeem",
        "Vandaag werken onze drie locaties met vier verschillende systemen. Klanten wachten op antwoorden die we "
        "al hebben, alleen niet op de plek waar we zoeken.\n\nMet één systeem ziet iedereen dezelfde order, "
        "dezelfde voorraad en dezelfde klant.",
        "Minder dubbel invoeren, minder zoeken, en vragen van klanten in één keer kunnen beantwoorden.",
        "Why we are moving to one system",
        "Today our three sites work with four different systems. Customers wait for answers we already have, just "
        "not where we look.\n\nWith one system everyone sees the same order, the same stock and the same customer.",
        "Less typing things twice, less searching, and answering a customer's question in one go.",
    };
    return why;
}

const std::vector<DemoTexts>& demo_news() {
    static const std::vector<DemoTexts> news{
        {"Trainingsrondes gestart in Rotterdam", "De eerste groepen hebben hun training gehad. Gent en Eindhoven "
         "volgen de komende weken.", "", "Training rounds started in Rotterdam",
         "The first groups have had their training. Gent and Eindhoven follow in the coming weeks.", ""},
        {"Nieuwe scanners in de magazijnen", "Vanaf volgende maand krijgen alle magazijnen de nieuwe scanners. "
         "Sanne Jacobs helpt je op weg.", "", "New scanners in the warehouses",
         "From next month every warehouse gets the new scanners. Sanne Jacobs will help you get started.", ""},
    };
    return news;
}

const std::vector<DemoMilestone>& demo_milestones() {
    static const std::vector<DemoMilestone> milestones{
        {{"Aftrap van het project", "", "", "Project kick-off", "", ""}, -40, false},
        {{"Trainingen op alle locaties", "", "", "Training at every site", "", ""}, -14, false},
        {{"Go-live: we werken in het nieuwe systeem", "Vanaf deze dag werken alle locaties in het nieuwe systeem.", "",
          "Go-live: we work in the new system", "From this day every site works in the new system.", ""},
         28, true},
        {{"Oude systeem alleen nog lezen", "", "", "Old system read-only", "", ""}, 56, false},
    };
    return milestones;
}

const std::vector<DemoTraining>& demo_trainings() {
    static const std::vector<DemoTraining> trainings{
        {{"Basistraining orders en voorraad", "Voor iedereen die orders invoert of voorraad boekt.", "",
          "Basic training: orders and stock", "For everyone who enters orders or books stock.", ""},
         "Rotterdam, zaal 2.14", 5, 3, 12, 9},
        {{"Scannen in het nieuwe systeem", "Hands-on met de nieuwe scanners, in het magazijn.", "",
          "Scanning in the new system", "Hands-on with the new scanners, in the warehouse.", ""},
         "Eindhoven, magazijn hal B", 9, 2, 8, 8},
        {{"Klantvragen afhandelen", "Klantgeschiedenis, notities en terugbelverzoeken.", "",
          "Handling customer questions", "Customer history, notes and call-back requests.", ""},
         "Gent, vergaderzaal Schelde", 12, 3, 20, 11},
    };
    return trainings;
}

const std::vector<DemoTexts>& demo_you_said_we_did() {
    static const std::vector<DemoTexts> items{
        {"Jullie zeiden: de training is te vroeg", "De training om 7:00 is voor de vroege dienst te vroeg.",
         "We hebben extra trainingen om 10:00 en 14:00 ingepland.", "You said: the training is too early",
         "Training at 7:00 is too early after an early shift.", "We added sessions at 10:00 and 14:00."},
        {"Jullie zeiden: we weten niet wie we moeten bellen", "Bij vragen over het nieuwe systeem weet niemand bij "
         "wie je terecht kunt.",
         "Logistiek, Sales en Klantenservice hebben nu een ambassadeur; hun namen staan op de kiosk.",
         "You said: we don't know whom to call", "Nobody knows whom to ask about the new system.",
         "Logistics, Sales and Customer Service now have an ambassador; their names are on the kiosk."},
    };
    return items;
}

}  // namespace floorsync::collector::demo
