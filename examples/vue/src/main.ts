// The Lien elements are registered before the app mounts, so that they are upgraded as Vue creates
// them. (`:getAccessToken.prop` in PatientRecord.vue would work even before: Lit keeps a property
// set on an element not yet defined.)
import '@lien/elements/define';
import { createApp } from 'vue';
import App from './App.vue';
import '@lien/examples-shared/styles.css';

createApp(App).mount('#root');
