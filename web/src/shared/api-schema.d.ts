/* Generated from the API's OpenAPI document by `npm run web:api`: do not edit. */

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The office board: who is out, the next deadline, the escalation level, the open alerts (office, DSL, SLT, headteacher, admin, auditor) */
        get: operations["board"];
        put?: never;
        /** Request a visit (idempotent on the body's visitId) */
        post: operations["visit-request"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/visits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's own visits, active or planned for today, newest appointment first, as their staff read them (never a duress alert) */
        get: operations["my-visits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The visit's current state */
        get: operations["visit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event stream with its integrity verdict (auditor, DSL, headteacher, admin); every read is recorded in the visit's audit stream */
        get: operations["visit-history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The filed CPOMS-style report */
        get: operations["visit-report"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/visits/{id}/pass": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A visit pass for the signed-in member of staff assigned to the visit: panic, check-in, return on this visit alone, after the sign-in lapses, until the visit's expected return plus a margin */
        post: operations["visit-pass"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pass/visits/{id}/panic": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Panic: the alert goes out at once, with a visit pass in place of a sign-in (no bearer token) */
        post: operations["pass-panic"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pass/visits/{id}/check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A check-in with the office, with a visit pass in place of a sign-in (no bearer token) */
        post: operations["pass-check-in"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pass/visits/{id}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The staff are back safely, with a visit pass in place of a sign-in (no bearer token) */
        post: operations["pass-return"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/authorise": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Authorise the visit (DSL/SLT/headteacher as the policy says; never one of its own staff) */
        post: operations["visit-authorise"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decline the visit: it ends */
        post: operations["visit-decline"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/reschedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the appointment, times or staff before anyone sets out (re-authorised where the policy asks) */
        post: operations["visit-reschedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/depart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The assigned staff leave for the visit (the first check-in) */
        post: operations["visit-depart"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/report-late": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The family say they are running late */
        post: operations["visit-report-late"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/arrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The staff are at the door */
        post: operations["visit-arrive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/family-at-door": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Someone from the family came to the door: the wait for them stops */
        post: operations["visit-family-at-door"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/enter": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The staff go in, with who is present */
        post: operations["visit-enter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A check-in with the office */
        post: operations["visit-check-in"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The staff leave the home */
        post: operations["visit-leave"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The staff are back safely */
        post: operations["visit-return"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel the visit, with the reason in writing */
        post: operations["visit-cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/raise-concern": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Raise a safeguarding concern from the visit */
        post: operations["visit-raise-concern"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/extend-time": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** "I need more time": the check-in or the expected return (as the policy says) moves by the minutes asked, within the policy's limit (409 more-time-limit) */
        post: operations["visit-extend-time"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/panic": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Panic: the alert goes out at once */
        post: operations["visit-panic"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/cancel-alarm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The staff call off their call for help as a false alarm, with their cancel PIN (their check-in code); the office is told (409 cancel-pin-wrong) */
        post: operations["visit-cancel-alarm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** "I have it": the alert stops escalating but stays open until it is resolved (409 alert-already-acknowledged, alert-already-resolved) */
        post: operations["visit-acknowledge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/resolve-alert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resolve an alert, with the reason: acknowledged first if nobody had; a visit closes only once every alert is resolved (409 alert-already-resolved) */
        post: operations["visit-resolve-alert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/visits/{id}/resolve-follow-up": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Settle a follow-up scheduled when the visit closed, before it falls due (it is then never announced) */
        post: operations["visit-resolve-follow-up"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        RequestVisitBody: {
            visitId: string;
            details: {
                schoolId: string;
                /** @enum {string} */
                kind: "planned" | "unannounced" | "emergency";
                unannouncedReason?: string;
                purpose: string;
                purposeDetail: string;
                pupil: {
                    id: string;
                    name: string;
                };
                address: string;
                /** Format: date-time */
                appointmentAt?: string;
                /** Format: date-time */
                plannedStartAt: string;
                /** Format: date-time */
                expectedReturnAt: string;
                staff: {
                    userId: string;
                    name: string;
                    role?: string;
                    mobile?: string;
                    vehicle?: string;
                }[];
                preVisitChecks: string[] | {
                    recordsChecked: boolean;
                    otherAgenciesConsulted: boolean;
                    lineManagerInformed: boolean;
                };
                riskFactors: {
                    knownRisksInRecords: boolean;
                    previousIncidents: boolean;
                    agenciesInvolved: boolean;
                    agencyConcernsForStaff: boolean;
                    /** @enum {string} */
                    animals: "none" | "present" | "dangerous";
                    unmitigatedConcerns: boolean;
                };
                /** @default [] */
                carrying: string[];
                loneVisitReason?: string;
                /** @default false */
                safeWordAgreed: boolean;
                eveningJustification?: string;
            };
        };
        AuthoriseBody: {
            note?: string;
            pairRequired?: boolean;
        };
        DeclineBody: {
            reason: string;
        };
        RescheduleBody: {
            /** Format: date-time */
            appointmentAt?: string;
            /** Format: date-time */
            plannedStartAt?: string;
            /** Format: date-time */
            expectedReturnAt?: string;
            staff?: {
                userId: string;
                name: string;
                role?: string;
                mobile?: string;
                vehicle?: string;
            }[];
            loneVisitReason?: string;
            eveningJustification?: string;
            safeWordAgreed?: boolean;
            reason: string;
        };
        DepartBody: Record<string, never>;
        ReportLateBody: {
            /** Format: date-time */
            expectedAt: string;
        };
        ArriveBody: Record<string, never>;
        FamilyAtDoorBody: {
            peoplePresent?: {
                name: string;
                /** @enum {string} */
                relationship: "parent" | "carer" | "responsible-adult" | "pupil" | "sibling" | "other-adult" | "other-child" | "staff";
            }[];
        };
        EnterBody: {
            peoplePresent: {
                name: string;
                /** @enum {string} */
                relationship: "parent" | "carer" | "responsible-adult" | "pupil" | "sibling" | "other-adult" | "other-child" | "staff";
            }[];
            invitedIn: boolean;
            /** @enum {string} */
            animals: "none" | "secured" | "not-secured";
            /** @default [] */
            unsafeIndicators: string[];
            staffPresent?: string[];
        };
        CheckInBody: {
            note?: string;
            adultPresent?: boolean;
            code?: string;
        };
        LeaveBody: {
            notes?: {
                /** @default [] */
                facts: string[];
                /** @default [] */
                agreements: string[];
                professionalOpinion?: string;
                /** @default false */
                followUpNeeded: boolean;
                signatures?: {
                    parent: boolean;
                    officer: boolean;
                };
            };
            attestations?: string[];
            answeredNo?: string[];
            doorstep?: boolean;
        };
        ReturnBody: Record<string, never>;
        CancelBody: {
            /** @enum {string} */
            reason: "parent-too-late" | "unsafe" | "animals-not-secured" | "no-adult-present" | "family-declined" | "staff-unavailable" | "other";
            detail: string;
            unsafeIndicators?: string[];
        };
        RaiseConcernBody: {
            summary: string;
        };
        ExtendTimeBody: {
            minutes: number;
            reason: string;
        };
        PanicBody: {
            note?: string;
        };
        CancelAlarmBody: {
            alertId: string;
            pin: string;
        };
        AcknowledgeBody: {
            alertId: string;
            note?: string;
        };
        ResolveAlertBody: {
            alertId: string;
            reason: string;
        };
        ResolveFollowUpBody: {
            followUpId: string;
            note: string;
        };
        ActionResult: {
            visitId: string;
            version: number;
            /** @enum {string} */
            status: "requested" | "authorised" | "ready" | "travelling" | "at-door" | "in-home" | "returning" | "returned" | "ended" | "closed" | "filed";
            events: string[];
        };
        LateSignal: {
            visitId: string;
            version: number;
            /** @enum {string} */
            status: "requested" | "authorised" | "ready" | "travelling" | "at-door" | "in-home" | "returning" | "returned" | "ended" | "closed" | "filed";
            events: string[];
            /** @constant */
            error: "conflict";
            /** @constant */
            rule: "wait-already-ended";
            /** @constant */
            recorded: true;
            message: string;
        };
        HelpKeptApartResult: {
            visitId: string;
            /** @constant */
            officeAlerted: true;
            keptIn: string;
            version: number;
            recordUnreadableFrom: number;
            message: string;
        };
        InvalidRequest: {
            /** @constant */
            error: "invalid-request";
            issues: {
                path: string;
                message: string;
            }[];
        };
        Unauthenticated: {
            /** @constant */
            error: "unauthenticated";
            message: string;
        };
        Refusal: {
            /** @enum {string} */
            error: "forbidden" | "not-found" | "conflict" | "unprocessable";
            rule: string;
            message: string;
        };
        BoardSummary: {
            visitId: string;
            schoolId: string;
            /** @enum {string} */
            status: "requested" | "authorised" | "ready" | "travelling" | "at-door" | "in-home" | "returning" | "returned" | "ended" | "closed" | "filed";
            active: boolean;
            staff: string[];
            /** @default [] */
            staffIds: string[];
            appointment?: {
                /** Format: date-time */
                start: string;
                /** Format: date-time */
                end: string;
            };
            /** @enum {string} */
            stage: "awaiting-authorisation" | "awaiting-departure" | "travelling" | "at-the-door" | "in-home" | "returning-safely" | "awaiting-acknowledgement" | "awaiting-follow-up" | "risk-assessment" | "closing" | "reporting" | "finished";
            nextDeadline?: {
                /** @enum {string} */
                kind: "parent-arrival" | "check-in" | "safe-return" | "follow-up" | "expected-return" | "check-in-reminder" | "escalation";
                /** Format: date-time */
                at: string;
            };
            escalationLevel: number;
            openAlerts: number;
            /** @default [] */
            alerts: {
                alertId: string;
                /** @enum {string} */
                kind: "check-in-overdue" | "safe-return-overdue" | "return-overdue" | "panic" | "duress" | "safeguarding-concern";
                level: number;
                /** Format: date-time */
                raisedAt: string;
                acknowledgedBy?: string;
                /** Format: date-time */
                acknowledgedAt?: string;
            }[];
            moreTime?: {
                minutes: number;
                reason: string;
            };
            version: number;
            /** Format: date-time */
            updatedAt: string;
            damaged?: {
                version: number;
            };
        };
        Board: {
            visits: components["schemas"]["BoardSummary"][];
        };
        MyVisits: {
            visits: components["schemas"]["BoardSummary"][];
        };
        VisitView: {
            visitId: string;
            version: number;
            /** @enum {string} */
            status: "requested" | "authorised" | "ready" | "travelling" | "at-door" | "in-home" | "returning" | "returned" | "ended" | "closed" | "filed";
            summary?: components["schemas"]["BoardSummary"];
            visit: components["schemas"]["Visit"];
            policy: {
                /** @constant */
                format: 2;
                schoolId: string;
                schoolName: string;
                version: string;
                source: {
                    seed: string;
                    title: string;
                    reviewed: string;
                };
                timeZone: string;
                roles: {
                    [key: string]: {
                        title: string;
                        groups: ("staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin")[];
                    };
                };
                recipients: {
                    [key: string]: {
                        title: string;
                        /** @enum {string} */
                        channel: "phone" | "email" | "sms";
                        contact: string;
                        instruction: string;
                    };
                };
                duties: {
                    request: string[];
                    authorise: string[];
                    carryOut: string[];
                    cancel: string[];
                    acknowledge: string[];
                };
                calendar: {
                    days: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                    from: string;
                    until: string;
                    /** @enum {string} */
                    outside: "allowed" | "discouraged" | "forbidden";
                    termDates?: {
                        terms?: {
                            start: string;
                            end: string;
                        }[];
                        holidays?: {
                            start: string;
                            end: string;
                        }[];
                    };
                };
                purposes: {
                    allowed: {
                        id: string;
                        title: string;
                        reportCategories: string[];
                    }[];
                    forbidden: {
                        id: string;
                        title: string;
                        reason: string;
                    }[];
                };
                unannounced: {
                    allowedReasons: {
                        id: string;
                        title: string;
                    }[];
                };
                staffing: {
                    /** @enum {string} */
                    pairs: "always" | "when-risk" | "where-possible" | "authoriser-decides";
                    safeWordRequired: boolean;
                    /** @enum {string} */
                    mobile: "required" | "optional" | "not-asked";
                    /** @enum {string} */
                    vehicle: "required" | "optional" | "not-asked";
                };
                risk: {
                    weights: {
                        knownRisksInRecords: number;
                        previousIncidents: number;
                        agencyConcernsForStaff: number;
                        dangerousAnimals: number;
                    };
                    concernsFrom: number;
                    highFrom: number;
                    pairLowersRating: boolean;
                    /** @enum {string} */
                    whenConcerns: "proceed" | "pairs-only" | "invite-to-school";
                    /** @enum {string} */
                    whenHigh: "pairs-only" | "invite-to-school" | "do-not-visit";
                    controls: string[];
                };
                checklists: {
                    beforeVisit: {
                        id: string;
                        text: string;
                        required: boolean;
                    }[];
                    toCarry: {
                        id: string;
                        text: string;
                        required: boolean;
                    }[];
                    onLeaving: {
                        id: string;
                        text: string;
                        required: boolean;
                        ifNo?: {
                            notify: string[];
                        };
                        appliesWhen?: {
                            purposes?: string[];
                            /** @enum {string} */
                            place?: "in-home" | "doorstep";
                        };
                        /** @enum {string} */
                        requires?: "facts" | "agreements" | "professionalOpinion";
                    }[];
                };
                arrival: {
                    parentNoShowMinutes: number;
                    maxLatenessAfterNoticeMinutes: number;
                };
                entry: {
                    appointmentRequired: boolean;
                    parentPresent: boolean;
                    responsibleAdultPresent: boolean;
                    invitationRequired: boolean;
                    neverAloneWithPupil: boolean;
                    parents: ("parent" | "carer" | "responsible-adult" | "pupil" | "sibling" | "other-adult" | "other-child" | "staff")[];
                    responsibleAdults: ("parent" | "carer" | "responsible-adult" | "pupil" | "sibling" | "other-adult" | "other-child" | "staff")[];
                    unsafeIndicators: {
                        id: string;
                        title: string;
                    }[];
                    animalsMustBeSecured: boolean;
                    doorstepAllowed: boolean;
                };
                checkIns: {
                    intervalMinutes: number;
                    beforeAndAfter: boolean;
                    returnWithinMinutes: number;
                    expectedReturnGraceMinutes: number | null;
                    reminderMinutesBefore: number;
                    to: string;
                    codeRequired?: boolean;
                    moreTime?: {
                        maxMinutes: number;
                        /** @enum {string} */
                        moves: "check-in" | "expected-return";
                    };
                };
                movements: {
                    depart: string[];
                    arrive: string[];
                    leave: string[];
                    return: string[];
                };
                cancellation: {
                    writtenNoticeTo: string;
                    safetyReasons: ("parent-no-show" | "parent-too-late" | "unsafe" | "animals-not-secured" | "no-adult-present" | "family-declined" | "pairs-required" | "risk-assessment" | "staff-unavailable" | "other")[];
                };
                changes: {
                    notify: string[];
                    /** @enum {string} */
                    reauthorise: "always" | "when-staff-change" | "never";
                };
                concerns: {
                    ladder: {
                        level: number;
                        afterMinutes: number;
                        notify: string[];
                        instruction: string;
                    }[];
                };
                alerts: {
                    panic: {
                        notify: string[];
                        instruction: string;
                    };
                    duress: {
                        notify: string[];
                        instruction: string;
                    };
                };
                escalation: {
                    levels: {
                        level: number;
                        afterMinutes: number;
                        notify: string[];
                        instruction: string;
                    }[];
                    reArmAfterAcknowledgeMinutes: number;
                };
                report: {
                    system: string;
                    /** @enum {string} */
                    signatures: "never" | "when-attendance" | "always";
                    agreementsRecorded: boolean;
                    followUpWhenAgreementsBroken: boolean;
                };
                followUps: {
                    id: string;
                    afterDays: number;
                    /** @enum {string} */
                    when: "always" | "agreements-recorded" | "follow-up-needed";
                    /** @enum {string} */
                    action: "notify" | "prompt-visit";
                    notify: string[];
                    text: string;
                }[];
                citations?: {
                    [key: string]: string;
                };
            } | null;
            responder?: {
                address: string;
                staff: {
                    name: string;
                    mobile?: string;
                    vehicle?: string;
                }[];
                alerts: {
                    alertId: string;
                    /** @enum {string} */
                    kind: "check-in-overdue" | "safe-return-overdue" | "return-overdue" | "panic" | "duress" | "safeguarding-concern";
                    level: number;
                    instruction: string;
                    told: string[];
                    contacts: {
                        title: string;
                        /** @enum {string} */
                        channel: "phone" | "email" | "sms";
                        contact: string;
                        instruction: string;
                    }[];
                    doNotPhoneOpenly: boolean;
                }[];
            };
            riskPreview?: {
                /** @enum {string} */
                rating: "low" | "medium" | "high";
                /** @enum {string} */
                outcome: "proceed" | "pairs-only" | "invite-to-school" | "do-not-visit";
                reasons: string[];
                controls: string[];
                refused?: {
                    /** @enum {string} */
                    rule: "pairs-required" | "risk-invite-to-school" | "risk-do-not-visit";
                    words: string;
                };
            };
        };
        Visit: {
            visitId: string;
            policy: components["schemas"]["PolicyRef"];
            details: components["schemas"]["VisitDetails"];
            version: number;
            /** Format: date-time */
            lastRecordedAt: string;
            requested: components["schemas"]["Stamp"];
            authorised?: unknown;
            declined?: components["schemas"]["Decline"];
            rescheduled?: components["schemas"]["Reschedule"][];
            risk?: unknown;
            departed?: components["schemas"]["Stamp"];
            lateNotice?: components["schemas"]["LateNotice"];
            arrived?: components["schemas"]["Stamp"];
            familyAtDoor?: components["schemas"]["FamilyAtDoor"];
            entered?: components["schemas"]["Entry"];
            left?: components["schemas"]["Leaving"];
            returned?: components["schemas"]["Stamp"];
            cancelled?: components["schemas"]["Cancellation"];
            checkInClock?: components["schemas"]["CheckInClock"];
            moreTime?: components["schemas"]["MoreTime"][];
            checkIns: components["schemas"]["Stamp"][];
            alerts: components["schemas"]["Alert"][];
            concerns: components["schemas"]["Concern"][];
            breaches: components["schemas"]["RuleBreach"][];
            checkInReminders?: components["schemas"]["CheckInReminder"][];
            closed?: components["schemas"]["Closing"];
            followUps?: components["schemas"]["ScheduledFollowUp"][];
            report?: components["schemas"]["ReportFiling"];
            watchLost?: components["schemas"]["WatchLost"];
            /** @constant */
            status: "requested";
        } | {
            visitId: string;
            policy: components["schemas"]["PolicyRef"];
            details: components["schemas"]["VisitDetails"];
            version: number;
            /** Format: date-time */
            lastRecordedAt: string;
            requested: components["schemas"]["Stamp"];
            authorised: components["schemas"]["Authorisation"];
            declined?: components["schemas"]["Decline"];
            rescheduled?: components["schemas"]["Reschedule"][];
            risk?: components["schemas"]["RiskAssessment"];
            departed?: components["schemas"]["Stamp"];
            lateNotice?: components["schemas"]["LateNotice"];
            arrived?: components["schemas"]["Stamp"];
            familyAtDoor?: components["schemas"]["FamilyAtDoor"];
            entered?: components["schemas"]["Entry"];
            left?: components["schemas"]["Leaving"];
            returned?: components["schemas"]["Stamp"];
            cancelled?: components["schemas"]["Cancellation"];
            checkInClock?: components["schemas"]["CheckInClock"];
            moreTime?: components["schemas"]["MoreTime"][];
            checkIns: components["schemas"]["Stamp"][];
            alerts: components["schemas"]["Alert"][];
            concerns: components["schemas"]["Concern"][];
            breaches: components["schemas"]["RuleBreach"][];
            checkInReminders?: components["schemas"]["CheckInReminder"][];
            closed?: components["schemas"]["Closing"];
            followUps?: components["schemas"]["ScheduledFollowUp"][];
            report?: components["schemas"]["ReportFiling"];
            watchLost?: components["schemas"]["WatchLost"];
            /** @constant */
            status: "authorised";
        } | {
            visitId: string;
            policy: components["schemas"]["PolicyRef"];
            details: components["schemas"]["VisitDetails"];
            version: number;
            /** Format: date-time */
            lastRecordedAt: string;
            requested: components["schemas"]["Stamp"];
            authorised?: components["schemas"]["Authorisation"];
            declined?: components["schemas"]["Decline"];
            rescheduled?: components["schemas"]["Reschedule"][];
            risk: components["schemas"]["RiskAssessment"];
            departed?: components["schemas"]["Stamp"];
            lateNotice?: components["schemas"]["LateNotice"];
            arrived?: components["schemas"]["Stamp"];
            familyAtDoor?: components["schemas"]["FamilyAtDoor"];
            entered?: components["schemas"]["Entry"];
            left?: components["schemas"]["Leaving"];
            returned?: components["schemas"]["Stamp"];
            cancelled?: components["schemas"]["Cancellation"];
            checkInClock?: components["schemas"]["CheckInClock"];
            moreTime?: components["schemas"]["MoreTime"][];
            checkIns: components["schemas"]["Stamp"][];
            alerts: components["schemas"]["Alert"][];
            concerns: components["schemas"]["Concern"][];
            breaches: components["schemas"]["RuleBreach"][];
            checkInReminders?: components["schemas"]["CheckInReminder"][];
            closed?: components["schemas"]["Closing"];
            followUps?: components["schemas"]["ScheduledFollowUp"][];
            report?: components["schemas"]["ReportFiling"];
            watchLost?: components["schemas"]["WatchLost"];
            /** @constant */
            status: "ready";
        } | {
            visitId: string;
            policy: components["schemas"]["PolicyRef"];
            details: components["schemas"]["VisitDetails"];
            version: number;
            /** Format: date-time */
            lastRecordedAt: string;
            requested: components["schemas"]["Stamp"];
            authorised?: components["schemas"]["Authorisation"];
            declined?: components["schemas"]["Decline"];
            rescheduled?: components["schemas"]["Reschedule"][];
            risk?: components["schemas"]["RiskAssessment"];
            departed: components["schemas"]["Stamp"];
            lateNotice?: components["schemas"]["LateNotice"];
            arrived?: components["schemas"]["Stamp"];
            familyAtDoor?: components["schemas"]["FamilyAtDoor"];
            entered?: components["schemas"]["Entry"];
            left?: components["schemas"]["Leaving"];
            returned?: components["schemas"]["Stamp"];
            cancelled?: components["schemas"]["Cancellation"];
            checkInClock?: components["schemas"]["CheckInClock"];
            moreTime?: components["schemas"]["MoreTime"][];
            checkIns: components["schemas"]["Stamp"][];
            alerts: components["schemas"]["Alert"][];
            concerns: components["schemas"]["Concern"][];
            breaches: components["schemas"]["RuleBreach"][];
            checkInReminders?: components["schemas"]["CheckInReminder"][];
            closed?: components["schemas"]["Closing"];
            followUps?: components["schemas"]["ScheduledFollowUp"][];
            report?: components["schemas"]["ReportFiling"];
            watchLost?: components["schemas"]["WatchLost"];
            /** @constant */
            status: "travelling";
        } | {
            visitId: string;
            policy: components["schemas"]["PolicyRef"];
            details: components["schemas"]["VisitDetails"];
            version: number;
            /** Format: date-time */
            lastRecordedAt: string;
            requested: components["schemas"]["Stamp"];
            authorised?: components["schemas"]["Authorisation"];
            declined?: components["schemas"]["Decline"];
            rescheduled?: components["schemas"]["Reschedule"][];
            risk?: components["schemas"]["RiskAssessment"];
            departed?: components["schemas"]["Stamp"];
            lateNotice?: components["schemas"]["LateNotice"];
            arrived: components["schemas"]["Stamp"];
            familyAtDoor?: components["schemas"]["FamilyAtDoor"];
            entered?: components["schemas"]["Entry"];
            left?: components["schemas"]["Leaving"];
            returned?: components["schemas"]["Stamp"];
            cancelled?: components["schemas"]["Cancellation"];
            checkInClock?: components["schemas"]["CheckInClock"];
            moreTime?: components["schemas"]["MoreTime"][];
            checkIns: components["schemas"]["Stamp"][];
            alerts: components["schemas"]["Alert"][];
            concerns: components["schemas"]["Concern"][];
            breaches: components["schemas"]["RuleBreach"][];
            checkInReminders?: components["schemas"]["CheckInReminder"][];
            closed?: components["schemas"]["Closing"];
            followUps?: components["schemas"]["ScheduledFollowUp"][];
            report?: components["schemas"]["ReportFiling"];
            watchLost?: components["schemas"]["WatchLost"];
            /** @constant */
            status: "at-door";
        } | {
            visitId: string;
            policy: components["schemas"]["PolicyRef"];
            details: components["schemas"]["VisitDetails"];
            version: number;
            /** Format: date-time */
            lastRecordedAt: string;
            requested: components["schemas"]["Stamp"];
            authorised?: components["schemas"]["Authorisation"];
            declined?: components["schemas"]["Decline"];
            rescheduled?: components["schemas"]["Reschedule"][];
            risk?: components["schemas"]["RiskAssessment"];
            departed?: components["schemas"]["Stamp"];
            lateNotice?: components["schemas"]["LateNotice"];
            arrived?: components["schemas"]["Stamp"];
            familyAtDoor?: components["schemas"]["FamilyAtDoor"];
            entered: components["schemas"]["Entry"];
            left?: components["schemas"]["Leaving"];
            returned?: components["schemas"]["Stamp"];
            cancelled?: components["schemas"]["Cancellation"];
            checkInClock?: components["schemas"]["CheckInClock"];
            moreTime?: components["schemas"]["MoreTime"][];
            checkIns: components["schemas"]["Stamp"][];
            alerts: components["schemas"]["Alert"][];
            concerns: components["schemas"]["Concern"][];
            breaches: components["schemas"]["RuleBreach"][];
            checkInReminders?: components["schemas"]["CheckInReminder"][];
            closed?: components["schemas"]["Closing"];
            followUps?: components["schemas"]["ScheduledFollowUp"][];
            report?: components["schemas"]["ReportFiling"];
            watchLost?: components["schemas"]["WatchLost"];
            /** @constant */
            status: "in-home";
        } | {
            visitId: string;
            policy: components["schemas"]["PolicyRef"];
            details: components["schemas"]["VisitDetails"];
            version: number;
            /** Format: date-time */
            lastRecordedAt: string;
            requested: components["schemas"]["Stamp"];
            authorised?: components["schemas"]["Authorisation"];
            declined?: components["schemas"]["Decline"];
            rescheduled?: components["schemas"]["Reschedule"][];
            risk?: components["schemas"]["RiskAssessment"];
            departed?: components["schemas"]["Stamp"];
            lateNotice?: components["schemas"]["LateNotice"];
            arrived?: components["schemas"]["Stamp"];
            familyAtDoor?: components["schemas"]["FamilyAtDoor"];
            entered?: components["schemas"]["Entry"];
            left: components["schemas"]["Leaving"];
            returned?: components["schemas"]["Stamp"];
            cancelled?: components["schemas"]["Cancellation"];
            checkInClock?: components["schemas"]["CheckInClock"];
            moreTime?: components["schemas"]["MoreTime"][];
            checkIns: components["schemas"]["Stamp"][];
            alerts: components["schemas"]["Alert"][];
            concerns: components["schemas"]["Concern"][];
            breaches: components["schemas"]["RuleBreach"][];
            checkInReminders?: components["schemas"]["CheckInReminder"][];
            closed?: components["schemas"]["Closing"];
            followUps?: components["schemas"]["ScheduledFollowUp"][];
            report?: components["schemas"]["ReportFiling"];
            watchLost?: components["schemas"]["WatchLost"];
            /** @constant */
            status: "returning";
        } | {
            visitId: string;
            policy: components["schemas"]["PolicyRef"];
            details: components["schemas"]["VisitDetails"];
            version: number;
            /** Format: date-time */
            lastRecordedAt: string;
            requested: components["schemas"]["Stamp"];
            authorised?: components["schemas"]["Authorisation"];
            declined?: components["schemas"]["Decline"];
            rescheduled?: components["schemas"]["Reschedule"][];
            risk?: components["schemas"]["RiskAssessment"];
            departed?: components["schemas"]["Stamp"];
            lateNotice?: components["schemas"]["LateNotice"];
            arrived?: components["schemas"]["Stamp"];
            familyAtDoor?: components["schemas"]["FamilyAtDoor"];
            entered?: components["schemas"]["Entry"];
            left?: components["schemas"]["Leaving"];
            returned: components["schemas"]["Stamp"];
            cancelled?: components["schemas"]["Cancellation"];
            checkInClock?: components["schemas"]["CheckInClock"];
            moreTime?: components["schemas"]["MoreTime"][];
            checkIns: components["schemas"]["Stamp"][];
            alerts: components["schemas"]["Alert"][];
            concerns: components["schemas"]["Concern"][];
            breaches: components["schemas"]["RuleBreach"][];
            checkInReminders?: components["schemas"]["CheckInReminder"][];
            closed?: components["schemas"]["Closing"];
            followUps?: components["schemas"]["ScheduledFollowUp"][];
            report?: components["schemas"]["ReportFiling"];
            watchLost?: components["schemas"]["WatchLost"];
            /** @constant */
            status: "returned";
        } | {
            visitId: string;
            policy: components["schemas"]["PolicyRef"];
            details: components["schemas"]["VisitDetails"];
            version: number;
            /** Format: date-time */
            lastRecordedAt: string;
            requested: components["schemas"]["Stamp"];
            authorised?: components["schemas"]["Authorisation"];
            declined: components["schemas"]["Decline"];
            rescheduled?: components["schemas"]["Reschedule"][];
            risk?: components["schemas"]["RiskAssessment"];
            departed?: components["schemas"]["Stamp"];
            lateNotice?: components["schemas"]["LateNotice"];
            arrived?: components["schemas"]["Stamp"];
            familyAtDoor?: components["schemas"]["FamilyAtDoor"];
            entered?: components["schemas"]["Entry"];
            left?: components["schemas"]["Leaving"];
            returned?: components["schemas"]["Stamp"];
            cancelled?: components["schemas"]["Cancellation"];
            checkInClock?: components["schemas"]["CheckInClock"];
            moreTime?: components["schemas"]["MoreTime"][];
            checkIns: components["schemas"]["Stamp"][];
            alerts: components["schemas"]["Alert"][];
            concerns: components["schemas"]["Concern"][];
            breaches: components["schemas"]["RuleBreach"][];
            checkInReminders?: components["schemas"]["CheckInReminder"][];
            closed?: components["schemas"]["Closing"];
            followUps?: components["schemas"]["ScheduledFollowUp"][];
            report?: components["schemas"]["ReportFiling"];
            watchLost?: components["schemas"]["WatchLost"];
            /** @constant */
            status: "ended";
        } | {
            visitId: string;
            policy: components["schemas"]["PolicyRef"];
            details: components["schemas"]["VisitDetails"];
            version: number;
            /** Format: date-time */
            lastRecordedAt: string;
            requested: components["schemas"]["Stamp"];
            authorised?: components["schemas"]["Authorisation"];
            declined?: components["schemas"]["Decline"];
            rescheduled?: components["schemas"]["Reschedule"][];
            risk?: components["schemas"]["RiskAssessment"];
            departed?: components["schemas"]["Stamp"];
            lateNotice?: components["schemas"]["LateNotice"];
            arrived?: components["schemas"]["Stamp"];
            familyAtDoor?: components["schemas"]["FamilyAtDoor"];
            entered?: components["schemas"]["Entry"];
            left?: components["schemas"]["Leaving"];
            returned?: components["schemas"]["Stamp"];
            cancelled: components["schemas"]["Cancellation"];
            checkInClock?: components["schemas"]["CheckInClock"];
            moreTime?: components["schemas"]["MoreTime"][];
            checkIns: components["schemas"]["Stamp"][];
            alerts: components["schemas"]["Alert"][];
            concerns: components["schemas"]["Concern"][];
            breaches: components["schemas"]["RuleBreach"][];
            checkInReminders?: components["schemas"]["CheckInReminder"][];
            closed?: components["schemas"]["Closing"];
            followUps?: components["schemas"]["ScheduledFollowUp"][];
            report?: components["schemas"]["ReportFiling"];
            watchLost?: components["schemas"]["WatchLost"];
            /** @constant */
            status: "ended";
        } | {
            visitId: string;
            policy: components["schemas"]["PolicyRef"];
            details: components["schemas"]["VisitDetails"];
            version: number;
            /** Format: date-time */
            lastRecordedAt: string;
            requested: components["schemas"]["Stamp"];
            authorised?: components["schemas"]["Authorisation"];
            declined?: components["schemas"]["Decline"];
            rescheduled?: components["schemas"]["Reschedule"][];
            risk?: components["schemas"]["RiskAssessment"];
            departed?: components["schemas"]["Stamp"];
            lateNotice?: components["schemas"]["LateNotice"];
            arrived?: components["schemas"]["Stamp"];
            familyAtDoor?: components["schemas"]["FamilyAtDoor"];
            entered?: components["schemas"]["Entry"];
            left?: components["schemas"]["Leaving"];
            returned?: components["schemas"]["Stamp"];
            cancelled?: components["schemas"]["Cancellation"];
            checkInClock?: components["schemas"]["CheckInClock"];
            moreTime?: components["schemas"]["MoreTime"][];
            checkIns: components["schemas"]["Stamp"][];
            alerts: components["schemas"]["Alert"][];
            concerns: components["schemas"]["Concern"][];
            breaches: components["schemas"]["RuleBreach"][];
            checkInReminders?: components["schemas"]["CheckInReminder"][];
            closed: components["schemas"]["Closing"];
            followUps?: components["schemas"]["ScheduledFollowUp"][];
            report?: components["schemas"]["ReportFiling"];
            watchLost?: components["schemas"]["WatchLost"];
            /** @constant */
            status: "closed";
        } | {
            visitId: string;
            policy: components["schemas"]["PolicyRef"];
            details: components["schemas"]["VisitDetails"];
            version: number;
            /** Format: date-time */
            lastRecordedAt: string;
            requested: components["schemas"]["Stamp"];
            authorised?: components["schemas"]["Authorisation"];
            declined?: components["schemas"]["Decline"];
            rescheduled?: components["schemas"]["Reschedule"][];
            risk?: components["schemas"]["RiskAssessment"];
            departed?: components["schemas"]["Stamp"];
            lateNotice?: components["schemas"]["LateNotice"];
            arrived?: components["schemas"]["Stamp"];
            familyAtDoor?: components["schemas"]["FamilyAtDoor"];
            entered?: components["schemas"]["Entry"];
            left?: components["schemas"]["Leaving"];
            returned?: components["schemas"]["Stamp"];
            cancelled?: components["schemas"]["Cancellation"];
            checkInClock?: components["schemas"]["CheckInClock"];
            moreTime?: components["schemas"]["MoreTime"][];
            checkIns: components["schemas"]["Stamp"][];
            alerts: components["schemas"]["Alert"][];
            concerns: components["schemas"]["Concern"][];
            breaches: components["schemas"]["RuleBreach"][];
            checkInReminders?: components["schemas"]["CheckInReminder"][];
            closed?: components["schemas"]["Closing"];
            followUps?: components["schemas"]["ScheduledFollowUp"][];
            report: components["schemas"]["ReportFiling"];
            watchLost?: components["schemas"]["WatchLost"];
            /** @constant */
            status: "filed";
        };
        Alert: {
            alertId: string;
            /** Format: date-time */
            raisedAt: string;
            level: number;
            /** Format: date-time */
            lastEscalatedAt?: string;
            /** @enum {string} */
            kind: "check-in-overdue" | "safe-return-overdue" | "return-overdue";
            /** Format: date-time */
            dueAt: string;
            /** @constant */
            stage: "open";
        } | {
            alertId: string;
            /** Format: date-time */
            raisedAt: string;
            level: number;
            /** Format: date-time */
            lastEscalatedAt?: string;
            /** @enum {string} */
            kind: "check-in-overdue" | "safe-return-overdue" | "return-overdue";
            /** Format: date-time */
            dueAt: string;
            /** @constant */
            stage: "acknowledged";
            acknowledged: components["schemas"]["AlertAnswer"];
        } | {
            alertId: string;
            /** Format: date-time */
            raisedAt: string;
            level: number;
            /** Format: date-time */
            lastEscalatedAt?: string;
            /** @enum {string} */
            kind: "check-in-overdue" | "safe-return-overdue" | "return-overdue";
            /** Format: date-time */
            dueAt: string;
            /** @constant */
            stage: "resolved";
            acknowledged?: components["schemas"]["AlertAnswer"];
            resolved: {
                /** Format: date-time */
                at: string;
                by: {
                    userId: string;
                    /** @enum {string} */
                    role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                    name?: string;
                };
                /** @enum {string} */
                resolution: "checked-in" | "returned" | "resolved" | "acknowledged" | "cancelled";
                reason?: string;
            };
        } | {
            alertId: string;
            /** Format: date-time */
            raisedAt: string;
            level: number;
            /** Format: date-time */
            lastEscalatedAt?: string;
            /** @enum {string} */
            kind: "panic" | "duress" | "safeguarding-concern";
            /** @constant */
            stage: "open";
        } | {
            alertId: string;
            /** Format: date-time */
            raisedAt: string;
            level: number;
            /** Format: date-time */
            lastEscalatedAt?: string;
            /** @enum {string} */
            kind: "panic" | "duress" | "safeguarding-concern";
            /** @constant */
            stage: "acknowledged";
            acknowledged: components["schemas"]["AlertAnswer"];
        } | {
            alertId: string;
            /** Format: date-time */
            raisedAt: string;
            level: number;
            /** Format: date-time */
            lastEscalatedAt?: string;
            /** @enum {string} */
            kind: "panic" | "duress" | "safeguarding-concern";
            /** @constant */
            stage: "resolved";
            acknowledged?: components["schemas"]["AlertAnswer"];
            resolved: {
                /** Format: date-time */
                at: string;
                by: {
                    userId: string;
                    /** @enum {string} */
                    role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                    name?: string;
                };
                /** @enum {string} */
                resolution: "checked-in" | "returned" | "resolved" | "acknowledged" | "cancelled";
                reason?: string;
            };
        };
        Stamp: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
        };
        AlertAnswer: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
        };
        VisitDetails: {
            schoolId: string;
            /** @enum {string} */
            kind: "planned" | "unannounced" | "emergency";
            unannouncedReason?: string;
            purpose: string;
            purposeDetail: string;
            pupil: {
                id: string;
                name: string;
            };
            address: string;
            /** Format: date-time */
            appointmentAt?: string;
            /** Format: date-time */
            plannedStartAt: string;
            /** Format: date-time */
            expectedReturnAt: string;
            staff: {
                userId: string;
                name: string;
                role?: string;
                mobile?: string;
                vehicle?: string;
            }[];
            preVisitChecks: string[];
            riskFactors: {
                knownRisksInRecords: boolean;
                previousIncidents: boolean;
                agenciesInvolved: boolean;
                agencyConcernsForStaff: boolean;
                /** @enum {string} */
                animals: "none" | "present" | "dangerous";
                unmitigatedConcerns: boolean;
            };
            /** @default [] */
            carrying: string[];
            loneVisitReason?: string;
            /** @default false */
            safeWordAgreed: boolean;
            eveningJustification?: string;
        };
        PolicyRef: {
            schoolId: string;
            version: string;
        };
        Authorisation: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            note?: string;
            pairRequired?: boolean;
        };
        Decline: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            reason: string;
        };
        RiskAssessment: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            /** @enum {string} */
            rating: "low" | "medium" | "high";
            /** @enum {string} */
            outcome: "proceed" | "pairs-only" | "invite-to-school" | "do-not-visit";
            reasons: string[];
            controls: string[];
        };
        Entry: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            peoplePresent: {
                name: string;
                /** @enum {string} */
                relationship: "parent" | "carer" | "responsible-adult" | "pupil" | "sibling" | "other-adult" | "other-child" | "staff";
            }[];
            staffPresent?: string[];
        };
        Leaving: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            notes?: {
                /** @default [] */
                facts: string[];
                /** @default [] */
                agreements: string[];
                professionalOpinion?: string;
                /** @default false */
                followUpNeeded: boolean;
                signatures?: {
                    parent: boolean;
                    officer: boolean;
                };
            };
            attestations?: string[];
            answeredNo?: string[];
            doorstep?: boolean;
        };
        Cancellation: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            /** @enum {string} */
            reason: "parent-no-show" | "parent-too-late" | "unsafe" | "animals-not-secured" | "no-adult-present" | "family-declined" | "pairs-required" | "risk-assessment" | "staff-unavailable" | "other";
            detail: string;
            rule?: string;
            writtenNoticeTo?: {
                role: string;
                title: string;
            };
            unsafeIndicators?: string[];
            staffOut: boolean;
        };
        Closing: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            /** @enum {string} */
            outcome: "completed" | "cancelled" | "declined" | "not-visited";
        };
        ReportFiling: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            reportId: string;
            categories: string[];
            body: {
                [key: string]: unknown;
            };
        };
        Reschedule: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            changes: {
                /** Format: date-time */
                appointmentAt?: string;
                /** Format: date-time */
                plannedStartAt?: string;
                /** Format: date-time */
                expectedReturnAt?: string;
                staff?: {
                    userId: string;
                    name: string;
                    role?: string;
                    mobile?: string;
                    vehicle?: string;
                }[];
                loneVisitReason?: string;
                eveningJustification?: string;
                safeWordAgreed?: boolean;
            };
            previous: {
                /** Format: date-time */
                appointmentAt?: string;
                /** Format: date-time */
                plannedStartAt?: string;
                /** Format: date-time */
                expectedReturnAt?: string;
                staff?: {
                    userId: string;
                    name: string;
                    role?: string;
                    mobile?: string;
                    vehicle?: string;
                }[];
                loneVisitReason?: string;
                eveningJustification?: string;
                safeWordAgreed?: boolean;
            };
            reason: string;
            reauthorise: boolean;
            notify: string[];
            withdrawn?: components["schemas"]["AlertAnswer"];
        };
        LateNotice: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            /** Format: date-time */
            expectedAt: string;
        };
        FamilyAtDoor: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            peoplePresent?: {
                name: string;
                /** @enum {string} */
                relationship: "parent" | "carer" | "responsible-adult" | "pupil" | "sibling" | "other-adult" | "other-child" | "staff";
            }[];
        };
        CheckInClock: {
            /** Format: date-time */
            from: string;
            /** @enum {string} */
            basis: "check-in" | "acknowledgement";
            moreMinutes?: number;
        };
        MoreTime: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            minutes: number;
            reason: string;
            /** @enum {string} */
            moves: "check-in" | "expected-return";
            /** Format: date-time */
            dueAt: string;
        };
        Concern: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            concernId: string;
            summary: string;
            reportedTo: ("staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin")[];
            alertId?: string;
        };
        RuleBreach: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            rule: string;
            detail: string;
            notify?: string[];
        };
        CheckInReminder: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            /** Format: date-time */
            dueAt: string;
            minutesBefore: number;
        };
        ScheduledFollowUp: {
            id: string;
            /** Format: date-time */
            dueAt: string;
            due?: components["schemas"]["Stamp"];
            resolved?: {
                /** Format: date-time */
                at: string;
                by: {
                    userId: string;
                    /** @enum {string} */
                    role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                    name?: string;
                };
                /** Format: date-time */
                claimedAt?: string;
                note: string;
            };
        };
        WatchLost: {
            /** Format: date-time */
            at: string;
            by: {
                userId: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                name?: string;
            };
            /** Format: date-time */
            claimedAt?: string;
            error: string;
            version: number;
        };
        VisitPass: {
            pass: string;
            visitId: string;
            actions: ("panic" | "check-in" | "return")[];
            /** Format: date-time */
            expiresAt: string;
        };
        History: {
            visitId: string;
            /** Format: date-time */
            asOf?: string;
            integrity: {
                /** @constant */
                ok: true;
                headVersion: number;
                headHash: string;
            } | {
                /** @constant */
                ok: false;
                version: number;
                /** @enum {string} */
                reason: "version-gap" | "prev-hash-mismatch" | "hash-mismatch";
                detail: string;
            };
            streamIntegrity?: {
                /** @constant */
                ok: true;
                headVersion: number;
                headHash: string;
            } | {
                /** @constant */
                ok: false;
                version: number;
                /** @enum {string} */
                reason: "version-gap" | "prev-hash-mismatch" | "hash-mismatch";
                detail: string;
            };
            events: {
                version: number;
                type: string;
                actor: string;
                actorName?: string;
                /** @enum {string} */
                role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                /** Format: date-time */
                recordedAt: string;
                /** Format: date-time */
                claimedAt?: string;
                commandId: string;
                requestHash?: string;
                data: {
                    [key: string]: unknown;
                };
                prevHash: string;
                hash: string;
            }[];
            readable: {
                /** @constant */
                ok: true;
            } | {
                /** @constant */
                ok: false;
                version: number;
                reason: string;
                detail: string;
            };
            unreadable?: {
                version: number;
                reason: string;
                detail: string;
                stored: string;
            }[];
            state: ({
                /** @constant */
                status: "none";
                /** @constant */
                version: 0;
            } | components["schemas"]["Visit"]) | null;
            policy: {
                /** @constant */
                format: 2;
                schoolId: string;
                schoolName: string;
                version: string;
                source: {
                    seed: string;
                    title: string;
                    reviewed: string;
                };
                timeZone: string;
                roles: {
                    [key: string]: {
                        title: string;
                        groups: ("staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin")[];
                    };
                };
                recipients: {
                    [key: string]: {
                        title: string;
                        /** @enum {string} */
                        channel: "phone" | "email" | "sms";
                        contact: string;
                        instruction: string;
                    };
                };
                duties: {
                    request: string[];
                    authorise: string[];
                    carryOut: string[];
                    cancel: string[];
                    acknowledge: string[];
                };
                calendar: {
                    days: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                    from: string;
                    until: string;
                    /** @enum {string} */
                    outside: "allowed" | "discouraged" | "forbidden";
                    termDates?: {
                        terms?: {
                            start: string;
                            end: string;
                        }[];
                        holidays?: {
                            start: string;
                            end: string;
                        }[];
                    };
                };
                purposes: {
                    allowed: {
                        id: string;
                        title: string;
                        reportCategories: string[];
                    }[];
                    forbidden: {
                        id: string;
                        title: string;
                        reason: string;
                    }[];
                };
                unannounced: {
                    allowedReasons: {
                        id: string;
                        title: string;
                    }[];
                };
                staffing: {
                    /** @enum {string} */
                    pairs: "always" | "when-risk" | "where-possible" | "authoriser-decides";
                    safeWordRequired: boolean;
                    /** @enum {string} */
                    mobile: "required" | "optional" | "not-asked";
                    /** @enum {string} */
                    vehicle: "required" | "optional" | "not-asked";
                };
                risk: {
                    weights: {
                        knownRisksInRecords: number;
                        previousIncidents: number;
                        agencyConcernsForStaff: number;
                        dangerousAnimals: number;
                    };
                    concernsFrom: number;
                    highFrom: number;
                    pairLowersRating: boolean;
                    /** @enum {string} */
                    whenConcerns: "proceed" | "pairs-only" | "invite-to-school";
                    /** @enum {string} */
                    whenHigh: "pairs-only" | "invite-to-school" | "do-not-visit";
                    controls: string[];
                };
                checklists: {
                    beforeVisit: {
                        id: string;
                        text: string;
                        required: boolean;
                    }[];
                    toCarry: {
                        id: string;
                        text: string;
                        required: boolean;
                    }[];
                    onLeaving: {
                        id: string;
                        text: string;
                        required: boolean;
                        ifNo?: {
                            notify: string[];
                        };
                        appliesWhen?: {
                            purposes?: string[];
                            /** @enum {string} */
                            place?: "in-home" | "doorstep";
                        };
                        /** @enum {string} */
                        requires?: "facts" | "agreements" | "professionalOpinion";
                    }[];
                };
                arrival: {
                    parentNoShowMinutes: number;
                    maxLatenessAfterNoticeMinutes: number;
                };
                entry: {
                    appointmentRequired: boolean;
                    parentPresent: boolean;
                    responsibleAdultPresent: boolean;
                    invitationRequired: boolean;
                    neverAloneWithPupil: boolean;
                    parents: ("parent" | "carer" | "responsible-adult" | "pupil" | "sibling" | "other-adult" | "other-child" | "staff")[];
                    responsibleAdults: ("parent" | "carer" | "responsible-adult" | "pupil" | "sibling" | "other-adult" | "other-child" | "staff")[];
                    unsafeIndicators: {
                        id: string;
                        title: string;
                    }[];
                    animalsMustBeSecured: boolean;
                    doorstepAllowed: boolean;
                };
                checkIns: {
                    intervalMinutes: number;
                    beforeAndAfter: boolean;
                    returnWithinMinutes: number;
                    expectedReturnGraceMinutes: number | null;
                    reminderMinutesBefore: number;
                    to: string;
                    codeRequired?: boolean;
                    moreTime?: {
                        maxMinutes: number;
                        /** @enum {string} */
                        moves: "check-in" | "expected-return";
                    };
                };
                movements: {
                    depart: string[];
                    arrive: string[];
                    leave: string[];
                    return: string[];
                };
                cancellation: {
                    writtenNoticeTo: string;
                    safetyReasons: ("parent-no-show" | "parent-too-late" | "unsafe" | "animals-not-secured" | "no-adult-present" | "family-declined" | "pairs-required" | "risk-assessment" | "staff-unavailable" | "other")[];
                };
                changes: {
                    notify: string[];
                    /** @enum {string} */
                    reauthorise: "always" | "when-staff-change" | "never";
                };
                concerns: {
                    ladder: {
                        level: number;
                        afterMinutes: number;
                        notify: string[];
                        instruction: string;
                    }[];
                };
                alerts: {
                    panic: {
                        notify: string[];
                        instruction: string;
                    };
                    duress: {
                        notify: string[];
                        instruction: string;
                    };
                };
                escalation: {
                    levels: {
                        level: number;
                        afterMinutes: number;
                        notify: string[];
                        instruction: string;
                    }[];
                    reArmAfterAcknowledgeMinutes: number;
                };
                report: {
                    system: string;
                    /** @enum {string} */
                    signatures: "never" | "when-attendance" | "always";
                    agreementsRecorded: boolean;
                    followUpWhenAgreementsBroken: boolean;
                };
                followUps: {
                    id: string;
                    afterDays: number;
                    /** @enum {string} */
                    when: "always" | "agreements-recorded" | "follow-up-needed";
                    /** @enum {string} */
                    action: "notify" | "prompt-visit";
                    notify: string[];
                    text: string;
                }[];
                citations?: {
                    [key: string]: string;
                };
            } | null;
            recordedRead: {
                version: number;
                /** Format: date-time */
                recordedAt: string;
            };
            reads?: {
                integrity: {
                    /** @constant */
                    ok: true;
                    headVersion: number;
                    headHash: string;
                } | {
                    /** @constant */
                    ok: false;
                    version: number;
                    /** @enum {string} */
                    reason: "version-gap" | "prev-hash-mismatch" | "hash-mismatch";
                    detail: string;
                };
                events: {
                    version: number;
                    type: string;
                    actor: string;
                    actorName?: string;
                    /** @enum {string} */
                    role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                    /** Format: date-time */
                    recordedAt: string;
                    /** Format: date-time */
                    claimedAt?: string;
                    commandId: string;
                    requestHash?: string;
                    data: {
                        [key: string]: unknown;
                    };
                    prevHash: string;
                    hash: string;
                }[];
            };
            callsForHelp?: {
                integrity: {
                    /** @constant */
                    ok: true;
                    headVersion: number;
                    headHash: string;
                } | {
                    /** @constant */
                    ok: false;
                    version: number;
                    /** @enum {string} */
                    reason: "version-gap" | "prev-hash-mismatch" | "hash-mismatch";
                    detail: string;
                };
                events: {
                    version: number;
                    type: string;
                    actor: string;
                    actorName?: string;
                    /** @enum {string} */
                    role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                    /** Format: date-time */
                    recordedAt: string;
                    /** Format: date-time */
                    claimedAt?: string;
                    commandId: string;
                    requestHash?: string;
                    data: {
                        [key: string]: unknown;
                    };
                    prevHash: string;
                    hash: string;
                }[];
            };
        };
        Report: {
            visitId: string;
            reportId: string;
            /** Format: date-time */
            filedAt: string;
            categories: string[];
            body: {
                /** @constant */
                schemaVersion: 1;
                visitId: string;
                school: {
                    id: string;
                    name: string;
                };
                policy: {
                    schoolId: string;
                    version: string;
                    title: string;
                };
                timeZone: string;
                date: string;
                pupil: {
                    id: string;
                    name: string;
                };
                address: string;
                visit: {
                    /** @enum {string} */
                    kind: "planned" | "unannounced" | "emergency";
                    unannouncedReason?: string;
                    purpose: string;
                    purposeDetail: string;
                    /** Format: date-time */
                    appointmentAt?: string;
                    /** Format: date-time */
                    plannedStartAt: string;
                    /** Format: date-time */
                    expectedReturnAt: string;
                    eveningJustification?: string;
                };
                requested: {
                    /** Format: date-time */
                    at: string;
                    by: {
                        userId: string;
                        /** @enum {string} */
                        role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                        name?: string;
                    };
                    /** Format: date-time */
                    claimedAt?: string;
                };
                authorisation: {
                    /** @constant */
                    decision: "authorised";
                    /** Format: date-time */
                    at: string;
                    by: {
                        userId: string;
                        /** @enum {string} */
                        role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                        name?: string;
                    };
                    note?: string;
                } | {
                    /** @constant */
                    decision: "declined";
                    /** Format: date-time */
                    at: string;
                    by: {
                        userId: string;
                        /** @enum {string} */
                        role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                        name?: string;
                    };
                    reason: string;
                } | {
                    /** @constant */
                    decision: "none";
                };
                changes?: {
                    /** Format: date-time */
                    at: string;
                    by: {
                        userId: string;
                        /** @enum {string} */
                        role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                        name?: string;
                    };
                    changes: {
                        /** Format: date-time */
                        appointmentAt?: string;
                        /** Format: date-time */
                        plannedStartAt?: string;
                        /** Format: date-time */
                        expectedReturnAt?: string;
                        staff?: {
                            userId: string;
                            name: string;
                            role?: string;
                            mobile?: string;
                            vehicle?: string;
                        }[];
                        loneVisitReason?: string;
                        eveningJustification?: string;
                        safeWordAgreed?: boolean;
                    };
                    previous: {
                        /** Format: date-time */
                        appointmentAt?: string;
                        /** Format: date-time */
                        plannedStartAt?: string;
                        /** Format: date-time */
                        expectedReturnAt?: string;
                        staff?: {
                            userId: string;
                            name: string;
                            role?: string;
                            mobile?: string;
                            vehicle?: string;
                        }[];
                        loneVisitReason?: string;
                        eveningJustification?: string;
                        safeWordAgreed?: boolean;
                    };
                    reason: string;
                    reauthorise: boolean;
                    withdrawn?: {
                        /** Format: date-time */
                        at: string;
                        by: {
                            userId: string;
                            /** @enum {string} */
                            role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                            name?: string;
                        };
                    };
                    told: string[];
                }[];
                preVisitChecks: string[];
                checklists?: {
                    beforeVisit: {
                        id: string;
                        text: string;
                        required: boolean;
                        done: boolean;
                    }[];
                    toCarry: {
                        id: string;
                        text: string;
                        required: boolean;
                        done: boolean;
                    }[];
                    onLeaving: {
                        id: string;
                        text: string;
                        required: boolean;
                        done: boolean;
                    }[];
                };
                /** @default CPOMS */
                recordSystem: string;
                riskAssessment: {
                    /** Format: date-time */
                    at: string;
                    /** @enum {string} */
                    rating: "low" | "medium" | "high";
                    /** @enum {string} */
                    outcome: "proceed" | "pairs-only" | "invite-to-school" | "do-not-visit";
                    reasons: string[];
                    controls: string[];
                } | null;
                staff: {
                    userId: string;
                    name: string;
                    role?: string;
                    mobile?: string;
                    vehicle?: string;
                }[];
                safeWordAgreed: boolean;
                times: {
                    departed?: {
                        /** Format: date-time */
                        at: string;
                        by: {
                            userId: string;
                            /** @enum {string} */
                            role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                            name?: string;
                        };
                        /** Format: date-time */
                        claimedAt?: string;
                    };
                    arrived?: {
                        /** Format: date-time */
                        at: string;
                        by: {
                            userId: string;
                            /** @enum {string} */
                            role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                            name?: string;
                        };
                        /** Format: date-time */
                        claimedAt?: string;
                    };
                    entered?: {
                        /** Format: date-time */
                        at: string;
                        by: {
                            userId: string;
                            /** @enum {string} */
                            role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                            name?: string;
                        };
                        /** Format: date-time */
                        claimedAt?: string;
                    };
                    left?: {
                        /** Format: date-time */
                        at: string;
                        by: {
                            userId: string;
                            /** @enum {string} */
                            role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                            name?: string;
                        };
                        /** Format: date-time */
                        claimedAt?: string;
                    };
                    returned?: {
                        /** Format: date-time */
                        at: string;
                        by: {
                            userId: string;
                            /** @enum {string} */
                            role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                            name?: string;
                        };
                        /** Format: date-time */
                        claimedAt?: string;
                    };
                };
                parentReportedLate?: {
                    /** Format: date-time */
                    at: string;
                    by: {
                        userId: string;
                        /** @enum {string} */
                        role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                        name?: string;
                    };
                    /** Format: date-time */
                    claimedAt?: string;
                    /** Format: date-time */
                    expectedAt: string;
                };
                checkIns: {
                    /** Format: date-time */
                    at: string;
                    by: {
                        userId: string;
                        /** @enum {string} */
                        role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                        name?: string;
                    };
                    /** Format: date-time */
                    claimedAt?: string;
                }[];
                peoplePresent: {
                    name: string;
                    /** @enum {string} */
                    relationship: "parent" | "carer" | "responsible-adult" | "pupil" | "sibling" | "other-adult" | "other-child" | "staff";
                }[];
                discussion: {
                    facts: string[];
                    agreements: string[];
                    professionalOpinion?: string;
                };
                concerns: {
                    concernId: string;
                    summary: string;
                    reportedTo: ("staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin")[];
                    /** Format: date-time */
                    at: string;
                    by: {
                        userId: string;
                        /** @enum {string} */
                        role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                        name?: string;
                    };
                }[];
                ruleBreaches: {
                    rule: string;
                    detail: string;
                    /** Format: date-time */
                    at: string;
                }[];
                alerts: {
                    alertId: string;
                    /** @enum {string} */
                    kind: "check-in-overdue" | "safe-return-overdue" | "return-overdue" | "panic" | "duress" | "safeguarding-concern";
                    /** Format: date-time */
                    raisedAt: string;
                    /** Format: date-time */
                    dueAt?: string;
                    levelReached: number;
                    notified: ("staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin")[];
                    acknowledgedBy?: {
                        userId: string;
                        /** @enum {string} */
                        role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                        name?: string;
                    };
                    /** Format: date-time */
                    acknowledgedAt?: string;
                    /** @enum {string} */
                    resolution?: "checked-in" | "returned" | "resolved" | "acknowledged" | "cancelled";
                    /** Format: date-time */
                    resolvedAt?: string;
                    resolvedBy?: {
                        userId: string;
                        /** @enum {string} */
                        role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                        name?: string;
                    };
                    reason?: string;
                }[];
                cancellation: {
                    /** @enum {string} */
                    reason: "parent-no-show" | "parent-too-late" | "unsafe" | "animals-not-secured" | "no-adult-present" | "family-declined" | "pairs-required" | "risk-assessment" | "staff-unavailable" | "other";
                    detail: string;
                    rule?: string;
                    unsafeIndicators?: string[];
                    /** Format: date-time */
                    at: string;
                    by: {
                        userId: string;
                        /** @enum {string} */
                        role: "staff" | "office" | "dsl" | "slt" | "headteacher" | "auditor" | "admin" | "system";
                        name?: string;
                    };
                    staffWereOut: boolean;
                    writtenNoticeTo: {
                        role: string;
                        title: string;
                    } | null;
                } | null;
                signatures: {
                    /** @enum {string} */
                    policy: "never" | "when-attendance" | "always";
                    required: boolean;
                    parent?: boolean;
                    officer?: boolean;
                };
                followUp: {
                    needed: boolean;
                    agreementsRecorded: boolean;
                    whenAgreementsBroken: boolean;
                    ruleApplies: boolean;
                    scheduled?: {
                        id: string;
                        /** Format: date-time */
                        dueAt: string;
                        /** @enum {string} */
                        action: "notify" | "prompt-visit";
                        notify: string[];
                    }[];
                };
                /** @enum {string} */
                outcome: "completed" | "cancelled" | "declined" | "not-visited";
                doorstep?: boolean;
                /** Format: date-time */
                closedAt: string;
                categories: string[];
            };
        };
        Health: {
            /** @constant */
            status: "ok";
            /** Format: date-time */
            now: string;
            timeScale: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description This document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
        };
    };
    board: {
        parameters: {
            query?: {
                status?: "active" | ("requested" | "authorised" | "ready" | "travelling" | "at-door" | "in-home" | "returning" | "returned" | "ended" | "closed" | "filed");
                school?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Most urgent first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Board"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
        };
    };
    "visit-request": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RequestVisitBody"];
            };
        };
        responses: {
            /** @description The same request again: the first answer, nothing written. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Requested; the workflow has started. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The policy does not allow this visit, or the visitId is taken by another request. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
        };
    };
    "my-visits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Board lines built from the staff view. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyVisits"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
        };
    };
    visit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Folded from its events; with the responder view (staff mobiles, what to do, whom to call) for the office's roles only. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitView"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
        };
    };
    "visit-history": {
        parameters: {
            query?: {
                asOf?: string;
                include?: "reads";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events in order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["History"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
        };
    };
    "visit-report": {
        parameters: {
            query?: {
                format?: "json" | "md" | "pdf";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report: JSON as filed (format=json), Markdown (format=md) or a PDF (format=pdf; base64 through a Lambda proxy integration). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Report"];
                    "text/markdown": string;
                    "application/pdf": string;
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit, or no report filed yet. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description `report-unreadable`: the filed body does not match the report schema. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
        };
    };
    "visit-pass": {
        parameters: {
            query?: never;
            header?: {
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The pass. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitPass"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description `visit-pass-for-staff`, `assigned-staff-only`, or `visit-over` (the staff are back, or it ended). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
        };
    };
    "pass-panic": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PanicBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key, by pass or by sign-in). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No pass, or one that does not verify, has expired, or is for another visit or action. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description As for the signed-in action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "pass-check-in": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CheckInBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key, by pass or by sign-in). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No pass, or one that does not verify, has expired, or is for another visit or action. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description As for the signed-in action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "pass-return": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReturnBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key, by pass or by sign-in). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No pass, or one that does not verify, has expired, or is for another visit or action. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description As for the signed-in action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-authorise": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["AuthoriseBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-decline": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["DeclineBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-reschedule": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RescheduleBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-depart": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["DepartBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-report-late": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReportLateBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-arrive": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ArriveBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-family-at-door": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["FamilyAtDoorBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-enter": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["EnterBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-check-in": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CheckInBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-leave": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["LeaveBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-return": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReturnBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-cancel": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CancelBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-raise-concern": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RaiseConcernBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-extend-time": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ExtendTimeBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-panic": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PanicBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description The visit's record no longer parses: the office was alerted and the call for help kept in the visit's help stream. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HelpKeptApartResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-cancel-alarm": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CancelAlarmBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-acknowledge": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["AcknowledgeBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-resolve-alert": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ResolveAlertBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
    "visit-resolve-follow-up": {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key are answered as the first attempt and write nothing (header `idempotency-key`). */
                "Idempotency-Key"?: string;
                /** @description When the caller says it happened, if not now (header `x-claimed-at`). */
                "X-Claimed-At"?: string;
                /** @description For members of several groups: the role to act in (header `x-acting-role`). */
                "X-Acting-Role"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ResolveFollowUpBody"];
            };
        };
        responses: {
            /** @description Recorded (or already recorded under this Idempotency-Key). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionResult"];
                };
            };
            /** @description Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequest"];
                };
            };
            /** @description No valid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unauthenticated"];
                };
            };
            /** @description The caller's role or assignment does not allow this; `rule` names the rule. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description No such visit. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"];
                };
            };
            /** @description The visit's state or the school's policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refusal"] | components["schemas"]["LateSignal"];
                };
            };
        };
    };
}
