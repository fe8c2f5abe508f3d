/**
 * The talk's own Racket code, shown in the Code panel beside ours for the scenarios that are the
 * talk's examples (the echo server and the date server). The text is the talk outline's
 * (racket-matrix-2012/presentation/talk-outline.org, Tony Garnock-Jones, 2012: ../shared/seed/
 * talk-outline.txt), token for token; only the line breaks and indentation are ours (the outline
 * has each definition on one line). test/ui/talk-code.test.ts checks it against the outline.
 */

export interface TalkCode {
  /** What the talk's code is, in a few words. */
  readonly title: string;
  readonly text: string;
}

export const TALK_CREDIT =
  "The talk's code, from its outline (talk-outline.org, Tony Garnock-Jones, 2012), re-indented; it runs on Racket's os2, not here.";

const MAIN = String.raw`(define (main)
  (ground-vm (transition 'none
               (spawn tcp-driver)
               (spawn listener))))`;

const LISTENER = String.raw`(define listener
  (let ((local-addr (tcp-listener 5999)))
    (transition 'no-state
      (role 'inbound-handler
            (topic-subscriber (tcp-channel (wild) local-addr (wild)) #:monitor? #t)
            #:state state
            #:topic t
            #:on-presence
            (match t
              [(topic 'publisher (tcp-channel remote-addr (== local-addr) _) #f)
               (transition state
                 (spawn (connection-handler local-addr remote-addr)))])))))`;

const ECHO = String.raw`(define (connection-handler local-addr remote-addr)
  (transition 'no-state
    (send-feedback (tcp-channel remote-addr local-addr (tcp-mode 'lines)))
    (send-feedback (tcp-channel remote-addr local-addr (tcp-credit 1)))
    (role 'echoer
          (topic-subscriber (tcp-channel remote-addr local-addr (wild)))
          #:state state
          #:on-absence (transition state (kill))
          [(tcp-channel _ _ (? bytes? line))
           (define reply (bytes-append #"You said: " line #"\n"))
           (transition state
             (send-feedback (tcp-channel remote-addr local-addr (tcp-credit 1)))
             (send-message (tcp-channel local-addr remote-addr reply)))]
          [(tcp-channel _ _ (? eof-object?))
           (transition state (kill))])))`;

const DATE = String.raw`(define (connection-handler local-addr remote-addr)
  (transition 'no-state
    (role 'date-sender
          (topic-publisher (tcp-channel local-addr remote-addr (wild)))
          #:state state
          [(tcp-channel _ _ (tcp-credit _))
           (transition state (kill))])
    (send-message (tcp-channel local-addr remote-addr
                    (string->bytes/utf-8
                     (format "~a\n" (current-inexact-milliseconds)))))))`;

/** The talk's definitions, in the outline's order (the tests compare them with it). */
export const TALK_DEFINITIONS: readonly string[] = [MAIN, LISTENER, ECHO, DATE];

/** The talk's code for a scenario that is one of its examples (none for the others). */
export const TALK_CODE: Readonly<Record<string, TalkCode>> = {
  'tcp-echo': { title: 'the echo server: main, listener, connection handler', text: [MAIN, LISTENER, ECHO].join('\n\n') },
  'tcp-date': { title: 'the date server: listener, connection handler', text: [LISTENER, DATE].join('\n\n') },
};

/**
 * The lines (0-based, both included) of the talk's `(role 'name …)` form, so that the endpoint our
 * code highlights is highlighted in the talk's too: the same role names ('inbound-handler',
 * 'echoer', 'date-sender') are in both. Null when the talk has no such role.
 */
export function talkRoleLines(text: string, role: string): { from: number; to: number } | null {
  const start = text.indexOf(`(role '${role}\n`);
  if (start < 0) return null;
  let depth = 0;
  let end = start;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = text.indexOf('"', i + 1);
    else if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && --depth === 0) {
      end = i;
      break;
    }
  }
  const lineAt = (i: number) => text.slice(0, i).split('\n').length - 1;
  return { from: lineAt(start), to: lineAt(end) };
}
