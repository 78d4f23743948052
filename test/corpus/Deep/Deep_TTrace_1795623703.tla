---- MODULE Deep_TTrace_1795623703 ----
EXTENDS Sequences, TLCExt, Toolbox, Naturals, TLC, Deep

_expression ==
    LET Deep_TEExpression == INSTANCE Deep_TEExpression
    IN Deep_TEExpression!expression
----

_trace ==
    LET Deep_TETrace == INSTANCE Deep_TETrace
    IN Deep_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        x = (250)
        /\
        y = (1)
    )
----

_init ==
    /\ x = _TETrace[1].x
    /\ y = _TETrace[1].y
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ x  = _TETrace[i].x
        /\ x' = _TETrace[j].x
        /\ y  = _TETrace[i].y
        /\ y' = _TETrace[j].y

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Deep_TTrace_1795623703.json", _TETrace)

=============================================================================

 Note that you can extract this module `Deep_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Deep_TEExpression.tla` file takes precedence 
  over the module `Deep_TEExpression` below).

---- MODULE Deep_TEExpression ----
EXTENDS Sequences, TLCExt, Toolbox, Naturals, TLC, Deep

expression == 
    [
        \* To hide variables of the `Deep` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        x |-> x
        ,y |-> y
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_xUnchanged |-> x = x'
        
        \* Format the `x` variable as Json value.
        \* ,_xJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(x)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_xModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].x # _TETrace[s-1].x
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Deep_TETrace ----
\*EXTENDS IOUtils, TLC, Deep
\*
\*trace == IODeserialize("Deep_TTrace_1795623703.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Deep_TETrace ----
EXTENDS TLC, Deep

trace == 
    <<
    ([x |-> 0,y |-> 0]),
    ([x |-> 1,y |-> 1]),
    ([x |-> 2,y |-> 2]),
    ([x |-> 3,y |-> 0]),
    ([x |-> 4,y |-> 1]),
    ([x |-> 5,y |-> 2]),
    ([x |-> 6,y |-> 0]),
    ([x |-> 7,y |-> 1]),
    ([x |-> 8,y |-> 2]),
    ([x |-> 9,y |-> 0]),
    ([x |-> 10,y |-> 1]),
    ([x |-> 11,y |-> 2]),
    ([x |-> 12,y |-> 0]),
    ([x |-> 13,y |-> 1]),
    ([x |-> 14,y |-> 2]),
    ([x |-> 15,y |-> 0]),
    ([x |-> 16,y |-> 1]),
    ([x |-> 17,y |-> 2]),
    ([x |-> 18,y |-> 0]),
    ([x |-> 19,y |-> 1]),
    ([x |-> 20,y |-> 2]),
    ([x |-> 21,y |-> 0]),
    ([x |-> 22,y |-> 1]),
    ([x |-> 23,y |-> 2]),
    ([x |-> 24,y |-> 0]),
    ([x |-> 25,y |-> 1]),
    ([x |-> 26,y |-> 2]),
    ([x |-> 27,y |-> 0]),
    ([x |-> 28,y |-> 1]),
    ([x |-> 29,y |-> 2]),
    ([x |-> 30,y |-> 0]),
    ([x |-> 31,y |-> 1]),
    ([x |-> 32,y |-> 2]),
    ([x |-> 33,y |-> 0]),
    ([x |-> 34,y |-> 1]),
    ([x |-> 35,y |-> 2]),
    ([x |-> 36,y |-> 0]),
    ([x |-> 37,y |-> 1]),
    ([x |-> 38,y |-> 2]),
    ([x |-> 39,y |-> 0]),
    ([x |-> 40,y |-> 1]),
    ([x |-> 41,y |-> 2]),
    ([x |-> 42,y |-> 0]),
    ([x |-> 43,y |-> 1]),
    ([x |-> 44,y |-> 2]),
    ([x |-> 45,y |-> 0]),
    ([x |-> 46,y |-> 1]),
    ([x |-> 47,y |-> 2]),
    ([x |-> 48,y |-> 0]),
    ([x |-> 49,y |-> 1]),
    ([x |-> 50,y |-> 2]),
    ([x |-> 51,y |-> 0]),
    ([x |-> 52,y |-> 1]),
    ([x |-> 53,y |-> 2]),
    ([x |-> 54,y |-> 0]),
    ([x |-> 55,y |-> 1]),
    ([x |-> 56,y |-> 2]),
    ([x |-> 57,y |-> 0]),
    ([x |-> 58,y |-> 1]),
    ([x |-> 59,y |-> 2]),
    ([x |-> 60,y |-> 0]),
    ([x |-> 61,y |-> 1]),
    ([x |-> 62,y |-> 2]),
    ([x |-> 63,y |-> 0]),
    ([x |-> 64,y |-> 1]),
    ([x |-> 65,y |-> 2]),
    ([x |-> 66,y |-> 0]),
    ([x |-> 67,y |-> 1]),
    ([x |-> 68,y |-> 2]),
    ([x |-> 69,y |-> 0]),
    ([x |-> 70,y |-> 1]),
    ([x |-> 71,y |-> 2]),
    ([x |-> 72,y |-> 0]),
    ([x |-> 73,y |-> 1]),
    ([x |-> 74,y |-> 2]),
    ([x |-> 75,y |-> 0]),
    ([x |-> 76,y |-> 1]),
    ([x |-> 77,y |-> 2]),
    ([x |-> 78,y |-> 0]),
    ([x |-> 79,y |-> 1]),
    ([x |-> 80,y |-> 2]),
    ([x |-> 81,y |-> 0]),
    ([x |-> 82,y |-> 1]),
    ([x |-> 83,y |-> 2]),
    ([x |-> 84,y |-> 0]),
    ([x |-> 85,y |-> 1]),
    ([x |-> 86,y |-> 2]),
    ([x |-> 87,y |-> 0]),
    ([x |-> 88,y |-> 1]),
    ([x |-> 89,y |-> 2]),
    ([x |-> 90,y |-> 0]),
    ([x |-> 91,y |-> 1]),
    ([x |-> 92,y |-> 2]),
    ([x |-> 93,y |-> 0]),
    ([x |-> 94,y |-> 1]),
    ([x |-> 95,y |-> 2]),
    ([x |-> 96,y |-> 0]),
    ([x |-> 97,y |-> 1]),
    ([x |-> 98,y |-> 2]),
    ([x |-> 99,y |-> 0]),
    ([x |-> 100,y |-> 1]),
    ([x |-> 101,y |-> 2]),
    ([x |-> 102,y |-> 0]),
    ([x |-> 103,y |-> 1]),
    ([x |-> 104,y |-> 2]),
    ([x |-> 105,y |-> 0]),
    ([x |-> 106,y |-> 1]),
    ([x |-> 107,y |-> 2]),
    ([x |-> 108,y |-> 0]),
    ([x |-> 109,y |-> 1]),
    ([x |-> 110,y |-> 2]),
    ([x |-> 111,y |-> 0]),
    ([x |-> 112,y |-> 1]),
    ([x |-> 113,y |-> 2]),
    ([x |-> 114,y |-> 0]),
    ([x |-> 115,y |-> 1]),
    ([x |-> 116,y |-> 2]),
    ([x |-> 117,y |-> 0]),
    ([x |-> 118,y |-> 1]),
    ([x |-> 119,y |-> 2]),
    ([x |-> 120,y |-> 0]),
    ([x |-> 121,y |-> 1]),
    ([x |-> 122,y |-> 2]),
    ([x |-> 123,y |-> 0]),
    ([x |-> 124,y |-> 1]),
    ([x |-> 125,y |-> 2]),
    ([x |-> 126,y |-> 0]),
    ([x |-> 127,y |-> 1]),
    ([x |-> 128,y |-> 2]),
    ([x |-> 129,y |-> 0]),
    ([x |-> 130,y |-> 1]),
    ([x |-> 131,y |-> 2]),
    ([x |-> 132,y |-> 0]),
    ([x |-> 133,y |-> 1]),
    ([x |-> 134,y |-> 2]),
    ([x |-> 135,y |-> 0]),
    ([x |-> 136,y |-> 1]),
    ([x |-> 137,y |-> 2]),
    ([x |-> 138,y |-> 0]),
    ([x |-> 139,y |-> 1]),
    ([x |-> 140,y |-> 2]),
    ([x |-> 141,y |-> 0]),
    ([x |-> 142,y |-> 1]),
    ([x |-> 143,y |-> 2]),
    ([x |-> 144,y |-> 0]),
    ([x |-> 145,y |-> 1]),
    ([x |-> 146,y |-> 2]),
    ([x |-> 147,y |-> 0]),
    ([x |-> 148,y |-> 1]),
    ([x |-> 149,y |-> 2]),
    ([x |-> 150,y |-> 0]),
    ([x |-> 151,y |-> 1]),
    ([x |-> 152,y |-> 2]),
    ([x |-> 153,y |-> 0]),
    ([x |-> 154,y |-> 1]),
    ([x |-> 155,y |-> 2]),
    ([x |-> 156,y |-> 0]),
    ([x |-> 157,y |-> 1]),
    ([x |-> 158,y |-> 2]),
    ([x |-> 159,y |-> 0]),
    ([x |-> 160,y |-> 1]),
    ([x |-> 161,y |-> 2]),
    ([x |-> 162,y |-> 0]),
    ([x |-> 163,y |-> 1]),
    ([x |-> 164,y |-> 2]),
    ([x |-> 165,y |-> 0]),
    ([x |-> 166,y |-> 1]),
    ([x |-> 167,y |-> 2]),
    ([x |-> 168,y |-> 0]),
    ([x |-> 169,y |-> 1]),
    ([x |-> 170,y |-> 2]),
    ([x |-> 171,y |-> 0]),
    ([x |-> 172,y |-> 1]),
    ([x |-> 173,y |-> 2]),
    ([x |-> 174,y |-> 0]),
    ([x |-> 175,y |-> 1]),
    ([x |-> 176,y |-> 2]),
    ([x |-> 177,y |-> 0]),
    ([x |-> 178,y |-> 1]),
    ([x |-> 179,y |-> 2]),
    ([x |-> 180,y |-> 0]),
    ([x |-> 181,y |-> 1]),
    ([x |-> 182,y |-> 2]),
    ([x |-> 183,y |-> 0]),
    ([x |-> 184,y |-> 1]),
    ([x |-> 185,y |-> 2]),
    ([x |-> 186,y |-> 0]),
    ([x |-> 187,y |-> 1]),
    ([x |-> 188,y |-> 2]),
    ([x |-> 189,y |-> 0]),
    ([x |-> 190,y |-> 1]),
    ([x |-> 191,y |-> 2]),
    ([x |-> 192,y |-> 0]),
    ([x |-> 193,y |-> 1]),
    ([x |-> 194,y |-> 2]),
    ([x |-> 195,y |-> 0]),
    ([x |-> 196,y |-> 1]),
    ([x |-> 197,y |-> 2]),
    ([x |-> 198,y |-> 0]),
    ([x |-> 199,y |-> 1]),
    ([x |-> 200,y |-> 2]),
    ([x |-> 201,y |-> 0]),
    ([x |-> 202,y |-> 1]),
    ([x |-> 203,y |-> 2]),
    ([x |-> 204,y |-> 0]),
    ([x |-> 205,y |-> 1]),
    ([x |-> 206,y |-> 2]),
    ([x |-> 207,y |-> 0]),
    ([x |-> 208,y |-> 1]),
    ([x |-> 209,y |-> 2]),
    ([x |-> 210,y |-> 0]),
    ([x |-> 211,y |-> 1]),
    ([x |-> 212,y |-> 2]),
    ([x |-> 213,y |-> 0]),
    ([x |-> 214,y |-> 1]),
    ([x |-> 215,y |-> 2]),
    ([x |-> 216,y |-> 0]),
    ([x |-> 217,y |-> 1]),
    ([x |-> 218,y |-> 2]),
    ([x |-> 219,y |-> 0]),
    ([x |-> 220,y |-> 1]),
    ([x |-> 221,y |-> 2]),
    ([x |-> 222,y |-> 0]),
    ([x |-> 223,y |-> 1]),
    ([x |-> 224,y |-> 2]),
    ([x |-> 225,y |-> 0]),
    ([x |-> 226,y |-> 1]),
    ([x |-> 227,y |-> 2]),
    ([x |-> 228,y |-> 0]),
    ([x |-> 229,y |-> 1]),
    ([x |-> 230,y |-> 2]),
    ([x |-> 231,y |-> 0]),
    ([x |-> 232,y |-> 1]),
    ([x |-> 233,y |-> 2]),
    ([x |-> 234,y |-> 0]),
    ([x |-> 235,y |-> 1]),
    ([x |-> 236,y |-> 2]),
    ([x |-> 237,y |-> 0]),
    ([x |-> 238,y |-> 1]),
    ([x |-> 239,y |-> 2]),
    ([x |-> 240,y |-> 0]),
    ([x |-> 241,y |-> 1]),
    ([x |-> 242,y |-> 2]),
    ([x |-> 243,y |-> 0]),
    ([x |-> 244,y |-> 1]),
    ([x |-> 245,y |-> 2]),
    ([x |-> 246,y |-> 0]),
    ([x |-> 247,y |-> 1]),
    ([x |-> 248,y |-> 2]),
    ([x |-> 249,y |-> 0]),
    ([x |-> 250,y |-> 1])
    >>
----


=============================================================================

---- CONFIG Deep_TTrace_1795623703 ----

INVARIANT
    _inv

CHECK_DEADLOCK
    \* CHECK_DEADLOCK off because of PROPERTY or INVARIANT above.
    FALSE

INIT
    _init

NEXT
    _next

CONSTANT
    _TETrace <- _trace

ALIAS
    _expression
=============================================================================
\* Generated on Wed Nov 25 16:21:44 UTC 2026