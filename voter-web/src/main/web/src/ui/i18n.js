/** The page's words in English and French; the browser's language picks one. @module */

const STRINGS = {
  en: {
    skip: 'Skip to the ballot',
    title: 'Vote online',
    intro: 'Your ballot is encrypted on this device: the voting servers never see your choices.',
    credentialsHeading: '1. Your credentials',
    credentialsHelp: 'Choose the credentials file your election office gave you, or paste its content.',
    credentialsFile: 'Credentials file',
    credentialsPaste: 'Or paste the credentials',
    load: 'Show my ballot',
    ballotHeading: '2. Your ballot',
    encrypt: 'Encrypt my ballot',
    encrypting: 'Encrypting on this device…',
    confirmHeading: '3. Cast or check',
    codeIntro: "Your encrypted ballot's confirmation code:",
    confirmHelp: 'Cast it to vote. Or challenge it: this device then reveals how it encrypted the ballot so you can check it; a challenged ballot is never counted and you encrypt again.',
    cast: 'Cast my ballot',
    challenge: 'Challenge (check the encryption)',
    change: 'Change my choices',
    challengeHeading: 'Challenged ballot',
    challengeIntro: 'Ballot',
    challengeDecrypts: 'decrypts to:',
    again: 'Encrypt my ballot again',
    doneHeading: 'Your vote was cast',
    finalCodeIntro: 'Confirmation code:',
    download: 'Download my receipt',
    checkStatus: 'Check my ballot on the board',
    siteLink: 'The public election site',
    otherLanguage: 'Français',
    electionInfo: 'Election {scope}, ballot style {style}, voter {voter}.',
    chooseUpTo: 'Choose up to {n}.',
    chooseOne: 'Choose one option, or none.',
    noChoice: 'No choice (blank)',
    blank: '(no choice)',
    tooMany: '“{contest}”: you chose {n} options; at most {limit} are allowed.',
    loading: 'Fetching and checking the election…',
    encryptedIn: 'Encrypted on this device in {ms} ms.',
    casting: 'Signing and sending your ballot…',
    challenging: 'Revealing the encryption and checking it…',
    challengeOk: 'Check passed: encrypting these choices again with the revealed nonce gives exactly the same ballot.',
    challengeBad: 'Warning: this ballot does not match what this device should have encrypted ({problems}). Do not vote with this device; tell your election office.',
    challengeReceipt: 'The node {node} recorded it as challenged (log position {pos}); it will never be counted.',
    receiptOk: 'The receipt is signed by node {node}, and the signature checks out.',
    receiptNode: 'Node',
    receiptPosition: 'Log position',
    receiptTime: 'Time',
    receiptBallot: 'Ballot id',
    receiptHash: 'Log hash',
    checking: 'Asking the board…',
    stateRecorded: 'On the board: your ballot is recorded. Whether it counts is shown once voting closes: only your last ballot counts.',
    stateCast: 'On the board: this is your last ballot, and it is counted.',
    stateSuperseded: 'On the board, but superseded: you cast a later ballot, and only the last one counts.',
    stateOverridden: 'On the board, but overridden: an official recorded that you voted in person.',
    stateChallenged: 'On the board as challenged: a challenged ballot is never counted.',
    errCredentials: 'These credentials cannot be read: {why}.',
    errNoCredentials: 'Choose your credentials file or paste its content first.',
    errExpired: 'Your identity token expired on {date}; ask your election office for new credentials.',
    errClosed: 'The election is closed: ballots are no longer accepted.',
    errNotOpen: 'The election is not open for voting yet.',
    errUnreachable: 'The voting server cannot be reached. Check your connection and try again.',
    errNoNodeReachable: 'No voting server could be reached, so your ballot was NOT recorded. Check your connection and press the button again.',
    errNoNodeAvailable: 'Every voting server is unavailable for now, so your ballot was NOT recorded. Try again in a moment.',
    errMalformed: 'The voting server sent a response this page cannot read ({why}). Try again later.',
    errElection: 'The election the server sent does not check out ({why}); do not vote with it.',
    errRefused: 'The server refused: {why}.',
    errTokenExpired: 'Your identity token has expired; ask your election office for new credentials.',
    errToken: 'The server did not accept your identity token: {why}.',
    errInPerson: 'An official recorded that you voted in person, so online ballots are no longer accepted.',
    errReceipt: 'The receipt’s signature does not verify with node {node}’s key: do not rely on it, and tell your election office.',
    errKey: 'The private key in your credentials cannot be used by this browser.',
    errBrowser: 'This browser cannot encrypt here: it needs a secure (https) connection and Web Workers.',
    errInternal: 'Something went wrong on this page: {why}.',
  },
  fr: {
    skip: 'Aller au bulletin',
    title: 'Voter en ligne',
    intro: 'Votre bulletin est chiffré sur cet appareil : les serveurs de vote ne voient jamais vos choix.',
    credentialsHeading: '1. Vos identifiants',
    credentialsHelp: 'Choisissez le fichier d’identifiants remis par votre bureau électoral, ou collez son contenu.',
    credentialsFile: 'Fichier d’identifiants',
    credentialsPaste: 'Ou collez les identifiants',
    load: 'Afficher mon bulletin',
    ballotHeading: '2. Votre bulletin',
    encrypt: 'Chiffrer mon bulletin',
    encrypting: 'Chiffrement sur cet appareil…',
    confirmHeading: '3. Voter ou vérifier',
    codeIntro: 'Code de confirmation de votre bulletin chiffré :',
    confirmHelp: 'Déposez-le pour voter. Ou contestez-le : cet appareil révèle alors comment il l’a chiffré pour que vous le vérifiiez ; un bulletin contesté n’est jamais compté et vous chiffrez à nouveau.',
    cast: 'Déposer mon bulletin',
    challenge: 'Contester (vérifier le chiffrement)',
    change: 'Modifier mes choix',
    challengeHeading: 'Bulletin contesté',
    challengeIntro: 'Le bulletin',
    challengeDecrypts: 'se déchiffre en :',
    again: 'Chiffrer à nouveau mon bulletin',
    doneHeading: 'Votre vote a été déposé',
    finalCodeIntro: 'Code de confirmation :',
    download: 'Télécharger mon reçu',
    checkStatus: 'Vérifier mon bulletin sur le tableau',
    siteLink: 'Le site public de l’élection',
    otherLanguage: 'English',
    electionInfo: 'Élection {scope}, modèle de bulletin {style}, électeur {voter}.',
    chooseUpTo: 'Choisissez jusqu’à {n} options.',
    chooseOne: 'Choisissez une option, ou aucune.',
    noChoice: 'Aucun choix (blanc)',
    blank: '(aucun choix)',
    tooMany: '« {contest} » : vous avez choisi {n} options ; {limit} au plus sont permises.',
    loading: 'Récupération et vérification de l’élection…',
    encryptedIn: 'Chiffré sur cet appareil en {ms} ms.',
    casting: 'Signature et envoi de votre bulletin…',
    challenging: 'Révélation du chiffrement et vérification…',
    challengeOk: 'Vérification réussie : rechiffrer ces choix avec l’aléa révélé donne exactement le même bulletin.',
    challengeBad: 'Attention : ce bulletin ne correspond pas à ce que cet appareil aurait dû chiffrer ({problems}). Ne votez pas avec cet appareil ; prévenez votre bureau électoral.',
    challengeReceipt: 'Le nœud {node} l’a enregistré comme contesté (position {pos} du journal) ; il ne sera jamais compté.',
    receiptOk: 'Le reçu est signé par le nœud {node}, et la signature est valide.',
    receiptNode: 'Nœud',
    receiptPosition: 'Position dans le journal',
    receiptTime: 'Heure',
    receiptBallot: 'Identifiant du bulletin',
    receiptHash: 'Empreinte du journal',
    checking: 'Interrogation du tableau…',
    stateRecorded: 'Sur le tableau : votre bulletin est enregistré. Le tableau dira s’il compte une fois le vote clos : seul votre dernier bulletin compte.',
    stateCast: 'Sur le tableau : c’est votre dernier bulletin, et il est compté.',
    stateSuperseded: 'Sur le tableau, mais remplacé : vous avez déposé un bulletin plus récent, et seul le dernier compte.',
    stateOverridden: 'Sur le tableau, mais annulé : un agent a enregistré que vous avez voté en personne.',
    stateChallenged: 'Sur le tableau comme contesté : un bulletin contesté n’est jamais compté.',
    errCredentials: 'Ces identifiants sont illisibles : {why}.',
    errNoCredentials: 'Choisissez d’abord votre fichier d’identifiants ou collez son contenu.',
    errExpired: 'Votre jeton d’identité a expiré le {date} ; demandez de nouveaux identifiants à votre bureau électoral.',
    errClosed: 'L’élection est close : les bulletins ne sont plus acceptés.',
    errNotOpen: 'L’élection n’est pas encore ouverte au vote.',
    errUnreachable: 'Le serveur de vote est injoignable. Vérifiez votre connexion et réessayez.',
    errNoNodeReachable: 'Aucun serveur de vote n’a pu être joint : votre bulletin n’a PAS été enregistré. Vérifiez votre connexion et appuyez de nouveau sur le bouton.',
    errNoNodeAvailable: 'Tous les serveurs de vote sont indisponibles pour le moment : votre bulletin n’a PAS été enregistré. Réessayez dans un instant.',
    errMalformed: 'Le serveur de vote a envoyé une réponse illisible pour cette page ({why}). Réessayez plus tard.',
    errElection: 'L’élection envoyée par le serveur n’est pas cohérente ({why}) ; ne votez pas avec.',
    errRefused: 'Le serveur a refusé : {why}.',
    errTokenExpired: 'Votre jeton d’identité a expiré ; demandez de nouveaux identifiants à votre bureau électoral.',
    errToken: 'Le serveur n’a pas accepté votre jeton d’identité : {why}.',
    errInPerson: 'Un agent a enregistré que vous avez voté en personne : les bulletins en ligne ne sont plus acceptés.',
    errReceipt: 'La signature du reçu ne correspond pas à la clé du nœud {node} : ne vous y fiez pas, et prévenez votre bureau électoral.',
    errKey: 'La clé privée de vos identifiants n’est pas utilisable par ce navigateur.',
    errBrowser: 'Ce navigateur ne peut pas chiffrer ici : il faut une connexion sécurisée (https) et les Web Workers.',
    errInternal: 'Un problème est survenu sur cette page : {why}.',
  },
};

/**
 * Adds a page's own words ({en: {...}, fr: {...}}, the same keys in both) to the shared table;
 * the public site adds its words here and shares the language choice and {@link t}.
 */
export function addStrings(table) {
  for (const lang of Object.keys(STRINGS)) Object.assign(STRINGS[lang], table[lang] ?? {});
}

/** 'fr' when the browser prefers French, else 'en'. */
export function browserLanguage(nav = globalThis.navigator) {
  const langs = nav?.languages?.length ? nav.languages : [nav?.language ?? 'en'];
  for (const l of langs) {
    const base = String(l).toLowerCase().split('-')[0];
    if (base in STRINGS) return base;
  }
  return 'en';
}

let current = 'en';

export function setLanguage(lang) {
  current = lang in STRINGS ? lang : 'en';
}

export function language() {
  return current;
}

/** The text for a key with {name} placeholders filled in. */
export function t(key, params = {}) {
  const s = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (k in params ? String(params[k]) : `{${k}}`));
}
