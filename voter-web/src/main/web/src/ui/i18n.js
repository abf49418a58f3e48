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
    codeIntro: 'Your encrypted ballot’s confirmation code:',
    confirmHelp: 'Cast it to vote. Or check the encryption first: this device then opens this ballot and shows what it holds, so that you can see it did what you asked. An audited ballot is never counted; the page then encrypts your choices again, with a new code.',
    cast: 'Cast my ballot',
    challenge: 'Check the encryption (audit)',
    change: 'Change my choices',
    challengeHeading: 'Audited ballot',
    challengeIntro: 'The audited ballot, with confirmation code',
    challengeDecrypts: 'holds:',
    challengeDownload: 'Download the audit data',
    challengeTool: 'To check it with a tool independent of this page, download the audit data and run:',
    again: 'Encrypt my ballot again',
    doneHeading: 'Your vote was cast',
    finalCodeIntro: 'Confirmation code:',
    download: 'Download my receipt',
    checkStatus: 'Check my ballot in the public ballot box',
    siteLink: 'The public election site',
    otherLanguage: 'Français',
    details: 'Technical details',
    errorDetails: 'Details of the error',
    blankWarning: 'You chose nothing in any contest: this ballot is blank. Cast a blank ballot?',
    blankCast: 'Yes, cast a blank ballot',
    blankBack: 'No, change my choices',
    leaving: 'Your ballot is encrypted but not cast yet. Leave the page?',
    electionDates: 'Voting from {start} to {end}.',
    techElection: 'Election id',
    techScope: 'Election scope id',
    techStyle: 'Ballot style',
    techVoter: 'Voter id',
    techExpiry: 'Credentials valid until',
    techEncryptMs: 'Encryption time (ms)',
    techNonce: 'Ballot nonce (revealed)',
    chooseUpTo: 'Choose up to {n}.',
    chooseOne: 'Choose one option, or none.',
    counter: '{n} of {limit} chosen',
    overVote: 'Too many choices: {n} chosen, at most {limit} allowed. Untick {extra}.',
    tooMany: 'Some contests have too many choices: {contests}. Correct them, then encrypt.',
    quoted: '“{text}”',
    noChoice: 'No choice (blank)',
    blank: '(no choice)',
    loading: 'Fetching and checking the election…',
    casting: 'Signing and sending your ballot…',
    challenging: 'Opening the ballot and checking it…',
    challengeOk: 'Check passed: this device encrypted exactly these choices.',
    challengeBad: 'Warning: this ballot does not match what this device should have encrypted. Do not vote with this device; tell your election office.',
    challengeReceipt: 'The voting server recorded this ballot as audited: it will never be counted.',
    receiptOk: 'Recorded on {time}. The voting server signed your receipt, and this page checked the signature.',
    receiptCode: 'Confirmation code',
    receiptNode: 'Node',
    receiptPosition: 'Log position',
    receiptTime: 'Time (UTC)',
    receiptBallot: 'Ballot id',
    receiptHash: 'Log hash',
    errorCode: 'Error code',
    errorMessage: 'Server’s message',
    checking: 'Looking in the public ballot box…',
    stateRecorded: 'In the public ballot box: your ballot is recorded. Whether it counts is shown once voting closes: only your last ballot counts.',
    stateCast: 'In the public ballot box: this is your last ballot, and it is counted.',
    stateSuperseded: 'In the public ballot box, but replaced: you cast a later ballot, and only the last one counts.',
    stateOverridden: 'In the public ballot box, but cancelled: an official recorded that you voted in person.',
    stateChallenged: 'In the public ballot box as audited: an audited ballot is never counted.',
    signInHelp: 'Sign in with your digital identity to vote. You come back to this page afterwards; the key that signs your ballot is made on this device and never leaves it.',
    signIn: 'Sign in with {provider}',
    signInOr: 'Or, if your election office gave you a credentials file:',
    signingIn: 'Signing you in…',
    errSignIn: 'The sign-in did not complete, so you cannot vote yet. Press “Sign in” to try again.',
    errSignInUnavailable: 'The sign-in service cannot be reached right now. Try again in a moment.',
    errNotOnRoll: 'You signed in, but you are not on the electoral roll of this election. Ask your election office.',
    errNoSignIn: 'This election does not use sign-in: use the credentials file your election office gave you.',
    errCredentials: 'This is not a credentials file from your election office. Choose the right file, or ask your election office.',
    errNoCredentials: 'Choose your credentials file or paste its content first.',
    errExpired: 'Your credentials expired on {date}; ask your election office for new ones.',
    errTokenExpired: 'Your credentials have expired; ask your election office for new ones.',
    errTokenNotYet: 'Your credentials are not valid yet; try again later, or ask your election office.',
    errWrongProvider: 'These credentials were not issued for this election: they come from another identity provider. Ask your election office for your credentials for this election.',
    errKeyMismatch: 'The key in your credentials does not match your identity token: the file is damaged or mixed with another. Ask your election office for new credentials.',
    errTokenElection: 'These credentials are for another election. Ask your election office for your credentials for this election.',
    errTokenStyle: 'These credentials are for a ballot this election does not have. Ask your election office for new credentials.',
    errTokenRefused: 'The voting server did not accept your credentials. Ask your election office for new ones.',
    errNotAVoter: 'You are not on the voter roll of this election. Ask your election office.',
    errStyleRefused: 'Your credentials do not allow this ballot. Ask your election office.',
    errUnknownElection: 'This voting server does not hold your election. Check the address your election office gave you.',
    errClosed: 'The election is closed: ballots are no longer accepted.',
    errNotOpen: 'The election is not open for voting: not yet, or no longer.',
    errUnreachable: 'The voting server cannot be reached. Check your connection and try again.',
    errNoNodeReachable: 'No voting server could be reached, so your ballot was NOT recorded. Check your connection and press the button again.',
    errNoNodeAvailable: 'Every voting server is unavailable for now, so your ballot was NOT recorded. Try again in a moment.',
    errMalformed: 'The voting server sent a response this page cannot read. Your ballot was not recorded; try again later.',
    errElection: 'The election the server sent does not check out; do not vote with it, and tell your election office.',
    errInPerson: 'An official recorded that you voted in person, so online ballots are no longer accepted.',
    errDuplicate: 'This ballot was already sent once. Press “Change my choices” and encrypt again to get a new ballot.',
    errRateLimited: 'Too many requests came from your connection. Wait a minute, then try again.',
    errBallotRefused: 'The voting server refused this request as malformed; nothing was cast. Reload the page and try again; if it happens again, tell your election office.',
    errUnknownBallot: 'This ballot is not in the public ballot box. Keep your receipt and tell your election office.',
    errServerInternal: 'The voting server had an internal problem and gave no receipt. Try again in a moment.',
    errRefused: 'The voting server refused the request; nothing was cast. Try again, and if it happens again, tell your election office.',
    errReceipt: 'The receipt’s signature does not verify with the voting server’s key: do not rely on it, and tell your election office.',
    errKey: 'The private key in your credentials cannot be used by this browser.',
    errBrowser: 'This browser cannot encrypt here: it needs a secure (https) connection and Web Workers.',
    errInternal: 'Something went wrong on this page. Reload it and try again.',
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
    confirmHelp: 'Déposez-le pour voter. Ou vérifiez d’abord le chiffrement : cet appareil ouvre alors ce bulletin et montre ce qu’il contient, pour que vous voyiez qu’il a fait ce que vous avez demandé. Un bulletin audité n’est jamais compté ; la page chiffre ensuite de nouveau vos choix, avec un nouveau code.',
    cast: 'Déposer mon bulletin',
    challenge: 'Vérifier le chiffrement (audit)',
    change: 'Modifier mes choix',
    challengeHeading: 'Bulletin audité',
    challengeIntro: 'Le bulletin audité, de code de confirmation',
    challengeDecrypts: 'contient :',
    challengeDownload: 'Télécharger les données de l’audit',
    challengeTool: 'Pour le vérifier avec un outil indépendant de cette page, téléchargez les données de l’audit et lancez :',
    again: 'Chiffrer à nouveau mon bulletin',
    doneHeading: 'Votre vote a été déposé',
    finalCodeIntro: 'Code de confirmation :',
    download: 'Télécharger mon reçu',
    checkStatus: 'Vérifier mon bulletin dans l’urne publique',
    siteLink: 'Le site public de l’élection',
    otherLanguage: 'English',
    details: 'Détails techniques',
    errorDetails: 'Détails de l’erreur',
    blankWarning: 'Vous n’avez rien choisi : ce bulletin est blanc. Déposer un bulletin blanc ?',
    blankCast: 'Oui, déposer un bulletin blanc',
    blankBack: 'Non, modifier mes choix',
    leaving: 'Votre bulletin est chiffré mais pas encore déposé. Quitter la page ?',
    electionDates: 'Vote du {start} au {end}.',
    techElection: 'Identifiant de l’élection',
    techScope: 'Identifiant du scrutin',
    techStyle: 'Modèle de bulletin',
    techVoter: 'Identifiant d’électeur',
    techExpiry: 'Identifiants valables jusqu’au',
    techEncryptMs: 'Durée du chiffrement (ms)',
    techNonce: 'Aléa du bulletin (révélé)',
    chooseUpTo: 'Choisissez jusqu’à {n} options.',
    chooseOne: 'Choisissez une option, ou aucune.',
    counter: '{n} choix sur {limit}',
    overVote: 'Trop de choix : {n} cochés, {limit} au plus. Décochez-en {extra}.',
    tooMany: 'Certains scrutins ont trop de choix : {contests}. Corrigez-les, puis chiffrez.',
    quoted: '« {text} »',
    noChoice: 'Aucun choix (blanc)',
    blank: '(aucun choix)',
    loading: 'Récupération et vérification de l’élection…',
    casting: 'Signature et envoi de votre bulletin…',
    challenging: 'Ouverture du bulletin et vérification…',
    challengeOk: 'Vérification réussie : cet appareil a chiffré exactement ces choix.',
    challengeBad: 'Attention : ce bulletin ne correspond pas à ce que cet appareil aurait dû chiffrer. Ne votez pas avec cet appareil ; prévenez votre bureau électoral.',
    challengeReceipt: 'Le serveur de vote a enregistré ce bulletin comme audité : il ne sera jamais compté.',
    receiptOk: 'Enregistré le {time}. Le serveur de vote a signé votre reçu, et cette page a vérifié la signature.',
    receiptCode: 'Code de confirmation',
    receiptNode: 'Nœud',
    receiptPosition: 'Position dans le journal',
    receiptTime: 'Heure (UTC)',
    receiptBallot: 'Identifiant du bulletin',
    receiptHash: 'Empreinte du journal',
    errorCode: 'Code d’erreur',
    errorMessage: 'Message du serveur',
    checking: 'Recherche dans l’urne publique…',
    stateRecorded: 'Dans l’urne publique : votre bulletin est enregistré. S’il compte sera indiqué à la clôture du vote : seul votre dernier bulletin compte.',
    stateCast: 'Dans l’urne publique : c’est votre dernier bulletin, et il est compté.',
    stateSuperseded: 'Dans l’urne publique, mais remplacé : vous avez déposé un bulletin plus récent, et seul le dernier compte.',
    stateOverridden: 'Dans l’urne publique, mais annulé : un agent a enregistré que vous avez voté en personne.',
    stateChallenged: 'Dans l’urne publique comme audité : un bulletin audité n’est jamais compté.',
    signInHelp: 'Connectez-vous avec votre identité numérique pour voter. Vous revenez ensuite sur cette page ; la clé qui signe votre bulletin est créée sur cet appareil et ne le quitte jamais.',
    signIn: 'Se connecter avec {provider}',
    signInOr: 'Ou, si votre bureau électoral vous a remis un fichier d’identifiants :',
    signingIn: 'Connexion en cours…',
    errSignIn: 'La connexion n’a pas abouti : vous ne pouvez pas encore voter. Appuyez sur « Se connecter » pour réessayer.',
    errSignInUnavailable: 'Le service de connexion est injoignable pour le moment. Réessayez dans un instant.',
    errNotOnRoll: 'Vous êtes connecté, mais vous n’êtes pas inscrit sur la liste électorale de cette élection. Adressez-vous à votre bureau électoral.',
    errNoSignIn: 'Cette élection n’utilise pas la connexion : utilisez le fichier d’identifiants remis par votre bureau électoral.',
    errCredentials: 'Ce n’est pas un fichier d’identifiants de votre bureau électoral. Choisissez le bon fichier, ou demandez à votre bureau électoral.',
    errNoCredentials: 'Choisissez d’abord votre fichier d’identifiants ou collez son contenu.',
    errExpired: 'Vos identifiants ont expiré le {date} ; demandez-en de nouveaux à votre bureau électoral.',
    errTokenExpired: 'Vos identifiants ont expiré ; demandez-en de nouveaux à votre bureau électoral.',
    errTokenNotYet: 'Vos identifiants ne sont pas encore valables ; réessayez plus tard, ou demandez à votre bureau électoral.',
    errWrongProvider: 'Ces identifiants n’ont pas été délivrés pour cette élection : ils viennent d’un autre fournisseur d’identité. Demandez à votre bureau électoral vos identifiants pour cette élection.',
    errKeyMismatch: 'La clé de vos identifiants ne correspond pas à votre jeton d’identité : le fichier est abîmé ou mélangé avec un autre. Demandez de nouveaux identifiants à votre bureau électoral.',
    errTokenElection: 'Ces identifiants sont pour une autre élection. Demandez à votre bureau électoral vos identifiants pour cette élection.',
    errTokenStyle: 'Ces identifiants sont pour un bulletin que cette élection n’a pas. Demandez de nouveaux identifiants à votre bureau électoral.',
    errTokenRefused: 'Le serveur de vote n’a pas accepté vos identifiants. Demandez-en de nouveaux à votre bureau électoral.',
    errNotAVoter: 'Vous n’êtes pas sur la liste électorale de cette élection. Adressez-vous à votre bureau électoral.',
    errStyleRefused: 'Vos identifiants ne donnent pas droit à ce bulletin. Adressez-vous à votre bureau électoral.',
    errUnknownElection: 'Ce serveur de vote ne connaît pas votre élection. Vérifiez l’adresse donnée par votre bureau électoral.',
    errClosed: 'L’élection est close : les bulletins ne sont plus acceptés.',
    errNotOpen: 'L’élection n’est pas ouverte au vote : pas encore, ou plus.',
    errUnreachable: 'Le serveur de vote est injoignable. Vérifiez votre connexion et réessayez.',
    errNoNodeReachable: 'Aucun serveur de vote n’a pu être joint : votre bulletin n’a PAS été enregistré. Vérifiez votre connexion et appuyez de nouveau sur le bouton.',
    errNoNodeAvailable: 'Tous les serveurs de vote sont indisponibles pour le moment : votre bulletin n’a PAS été enregistré. Réessayez dans un instant.',
    errMalformed: 'Le serveur de vote a envoyé une réponse illisible pour cette page. Votre bulletin n’a pas été enregistré ; réessayez plus tard.',
    errElection: 'L’élection envoyée par le serveur n’est pas cohérente ; ne votez pas avec, et prévenez votre bureau électoral.',
    errInPerson: 'Un agent a enregistré que vous avez voté en personne : les bulletins en ligne ne sont plus acceptés.',
    errDuplicate: 'Ce bulletin a déjà été envoyé. Appuyez sur « Modifier mes choix » et chiffrez de nouveau pour obtenir un nouveau bulletin.',
    errRateLimited: 'Trop de demandes sont venues de votre connexion. Attendez une minute, puis réessayez.',
    errBallotRefused: 'Le serveur de vote a refusé cette demande comme mal formée ; rien n’a été déposé. Rechargez la page et réessayez ; si cela se reproduit, prévenez votre bureau électoral.',
    errUnknownBallot: 'Ce bulletin n’est pas dans l’urne publique. Gardez votre reçu et prévenez votre bureau électoral.',
    errServerInternal: 'Le serveur de vote a eu un problème interne et n’a donné aucun reçu. Réessayez dans un instant.',
    errRefused: 'Le serveur de vote a refusé la demande ; rien n’a été déposé. Réessayez, et si cela se reproduit, prévenez votre bureau électoral.',
    errReceipt: 'La signature du reçu ne correspond pas à la clé du serveur de vote : ne vous y fiez pas, et prévenez votre bureau électoral.',
    errKey: 'La clé privée de vos identifiants n’est pas utilisable par ce navigateur.',
    errBrowser: 'Ce navigateur ne peut pas chiffrer ici : il faut une connexion sécurisée (https) et les Web Workers.',
    errInternal: 'Un problème est survenu sur cette page. Rechargez-la et réessayez.',
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

/**
 * Starts the page in the browser's language and makes {@code button} switch between English and
 * French: {@code applyTexts} writes the page's fixed texts each time, then a switch calls {@code rerender}.
 */
export function initLanguage(button, applyTexts, rerender) {
  setLanguage(browserLanguage());
  applyTexts();
  button.addEventListener('click', () => {
    setLanguage(language() === 'fr' ? 'en' : 'fr');
    applyTexts();
    rerender();
  });
}

/** Whether {@code lang} has its own text for {@code key} (for the tests). */
export function hasString(lang, key) {
  return Object.hasOwn(STRINGS, lang) && Object.hasOwn(STRINGS[lang], key);
}

/** The text for a key with {name} placeholders filled in. */
export function t(key, params = {}) {
  const s = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (k in params ? String(params[k]) : `{${k}}`));
}

/** Fills a description list with [message key, value] rows: each key's text in the page's language, then its value. */
export function fillRows(dl, rows) {
  dl.replaceChildren();
  for (const [key, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = t(key);
    const dd = document.createElement('dd');
    dd.textContent = String(value);
    dl.append(dt, dd);
  }
}
